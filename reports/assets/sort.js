/* sort.js - makes every table.sortable sortable by any column. Embedded
 * into the pages at build time (GResource) and allowed by the pages'
 * Content-Security-Policy by its hash. Without JavaScript the tables
 * stay in their printed order (the ranking), fully readable.
 *
 * A cell sorts by its data-sort attribute when present (numbers, ISO
 * dates), else by its text. Columns whose header has data-type="number"
 * sort biggest first on the first click; the others A to Z. Ties keep
 * the rank order. */
(function () {
    'use strict';

    function key(row, col, numeric) {
        var cell = row.cells[col];
        var v = cell.getAttribute('data-sort');
        if (v === null)
            v = cell.textContent.trim();
        if (numeric) {
            var n = parseFloat(v);
            return isNaN(n) ? -Infinity : n;
        }
        return v.toLowerCase();
    }

    function sortBy(table, th, col) {
        var numeric = th.getAttribute('data-type') === 'number';
        var current = th.getAttribute('aria-sort');
        var ascending;
        if (current === 'ascending')
            ascending = false;
        else if (current === 'descending')
            ascending = true;
        else
            ascending = !numeric;

        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (row, i) {
            if (!row.hasAttribute('data-order'))
                row.setAttribute('data-order', String(i));
        });
        rows.sort(function (a, b) {
            var ka = key(a, col, numeric);
            var kb = key(b, col, numeric);
            var c = ka < kb ? -1 : ka > kb ? 1 : 0;
            if (!ascending)
                c = -c;
            if (c === 0)
                c = Number(a.getAttribute('data-order'))
                    - Number(b.getAttribute('data-order'));
            return c;
        });
        rows.forEach(function (row) { body.appendChild(row); });

        Array.prototype.forEach.call(th.parentNode.cells, function (other) {
            if (other !== th)
                other.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    }

    Array.prototype.forEach.call(
        document.querySelectorAll('table.sortable'), function (table) {
            if (!table.tHead || !table.tBodies.length)
                return;
            var head = table.tHead.rows[0];
            Array.prototype.forEach.call(head.cells, function (th, col) {
                if (th.hasAttribute('data-nosort'))
                    return;
                var button = document.createElement('button');
                button.type = 'button';
                while (th.firstChild)
                    button.appendChild(th.firstChild);
                th.appendChild(button);
                button.addEventListener('click', function () {
                    sortBy(table, th, col);
                });
            });
        });
}());
