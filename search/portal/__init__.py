"""The central portal's search (issue 18, item 3): one box that finds a municipality, a
service and the forms that provide it, in the chosen municipality or in every one, and
the municipal sites' pages, each with its municipality's name; and the suggestions the
box's combobox shows as the citizen types.

It is a client of the search layer (``search.layer``) like the site search: what can be
found is the registry of searchable kinds (``sites.searchables``), the forms included
(``services.forms.searchable``)."""
