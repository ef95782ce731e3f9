"""Open data without a token (issue #20, item 4): a page on the portal that lists the
datasets per municipality, and the same datasets in JSON and CSV through the open API."""
