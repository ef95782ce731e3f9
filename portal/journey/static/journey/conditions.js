/* Conditional fields: show a field only while the field it depends on (on this page) has
   the value. The server applies the same rule, so this is a convenience, not a safeguard. */
(function () {
    function value(name) {
        var values = [];
        document.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
            if (input.type === "checkbox" || input.type === "radio") { if (input.checked) values.push(input.value === "on" ? "true" : input.value); }
            else if (input.value) values.push(input.value);
        });
        return values;
    }
    function update() {
        document.querySelectorAll("[data-condition]").forEach(function (el) {
            var c = JSON.parse(el.dataset.condition);
            var v = value(el.dataset.prefix ? el.dataset.prefix + c.field : c.field);
            el.hidden = !("filled" in c ? (v.length > 0) === c.filled : "equals" in c ? v.indexOf(c.equals) >= 0 : v.some(function (x) { return c["in"].indexOf(x) >= 0; }));
        });
    }
    document.addEventListener("change", update);
    update();
})();
