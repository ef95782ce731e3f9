/* Conditional fields: show a field only while the field it depends on has the value. The
   server applies the same rule, so this is a convenience, not a safeguard. */
(function () {
    function value(name, scope) {
        var inputs = (scope || document).querySelectorAll('[name="' + name + '"]');
        var values = [];
        inputs.forEach(function (input) {
            if ((input.type === "checkbox" || input.type === "radio")) { if (input.checked) values.push(input.value === "on" ? "true" : input.value); }
            else if (input.value) values.push(input.value);
        });
        return values;
    }
    function update() {
        document.querySelectorAll("[data-condition]").forEach(function (el) {
            var c = JSON.parse(el.dataset.condition);
            var name = el.dataset.prefix ? el.dataset.prefix + c.field : c.field;
            var v = value(name);
            var show = "filled" in c ? (v.length > 0) === c.filled : "equals" in c ? v.indexOf(c.equals) >= 0 : v.some(function (x) { return c["in"].indexOf(x) >= 0; });
            el.hidden = !show;
        });
    }
    document.addEventListener("change", update);
    document.addEventListener("DOMContentLoaded", update);
    update();
})();
