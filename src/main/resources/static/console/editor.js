// The workflow definition editor: line numbers, problem markers on the lines the server names, and a step
// diagram redrawn from the text as it is typed. A file, not inline code: the CSP allows scripts from 'self' only.
(function () {
    'use strict';
    var area = document.getElementById('definition');
    var gutter = document.getElementById('definition-gutter');
    var diagram = document.getElementById('diagram');
    if (!area || !gutter || !diagram) {
        return;
    }

    function problemLines() {
        var lines = {};
        document.querySelectorAll('#problems [data-line]').forEach(function (item) {
            lines[item.getAttribute('data-line')] = true;
        });
        return lines;
    }

    function drawGutter() {
        var count = area.value.split('\n').length;
        var bad = problemLines();
        gutter.textContent = '';
        for (var i = 1; i <= count; i++) {
            var line = document.createElement('div');
            line.textContent = String(i);
            if (bad[String(i)]) {
                line.className = 'err';
                line.title = 'This line has a problem';
            }
            gutter.appendChild(line);
        }
        gutter.scrollTop = area.scrollTop;
    }

    function saveButtons(enabled) {
        document.querySelectorAll('[data-save]').forEach(function (button) {
            button.disabled = !enabled;
        });
    }

    function node(kind, title, type, note) {
        var box = document.createElement('div');
        box.className = 'node ' + kind;
        var name = document.createElement('div');
        name.textContent = title;
        name.style.fontWeight = '600';
        box.appendChild(name);
        if (type) {
            var t = document.createElement('div');
            t.className = 'type';
            t.textContent = type;
            box.appendChild(t);
        }
        if (note) {
            var n = document.createElement('div');
            n.className = 'cond';
            n.textContent = note;
            box.appendChild(n);
        }
        return box;
    }

    function edge(label) {
        var fragment = document.createDocumentFragment();
        var line = document.createElement('div');
        line.className = 'edge';
        fragment.appendChild(line);
        if (label) {
            var text = document.createElement('div');
            text.className = 'branch';
            text.textContent = label;
            fragment.appendChild(text);
            var more = document.createElement('div');
            more.className = 'edge';
            fragment.appendChild(more);
        }
        return fragment;
    }

    function text(value) {
        return typeof value === 'string' ? value : JSON.stringify(value);
    }

    // One lane of steps; switch cases, forEach bodies and parallel branches are drawn as nested lanes side by side.
    function lanes(into, named) {
        var row = document.createElement('div');
        row.className = 'lanes';
        named.forEach(function (pair) {
            var column = document.createElement('div');
            column.className = 'lane';
            var title = document.createElement('div');
            title.className = 'branch';
            title.textContent = pair[0];
            column.appendChild(title);
            drawSteps(column, Array.isArray(pair[1]) ? pair[1] : []);
            row.appendChild(column);
        });
        into.appendChild(row);
    }

    function drawSteps(into, steps) {
        steps.forEach(function (step) {
            step = step || {};
            var note = '';
            var label = '';
            if (step.type === 'filter') {
                note = 'continues only if ' + text(step['if']);
            } else if (step['if'] !== undefined) {
                note = 'runs only if ' + text(step['if']);
                label = 'otherwise skipped';
            }
            if (step.type === 'forEach') {
                note = (note ? note + '; ' : '') + 'for each of ' + text(step.items)
                    + (step.concurrency ? ', ' + step.concurrency + ' at once' : '');
            } else if (step.type === 'wait') {
                note = (note ? note + '; ' : '') + (step.until ? 'until ' + text(step.until) : 'waits for signal ' + text(step.signal));
            }
            into.appendChild(edge(''));
            var kind = step.type === 'filter' ? 'filter' : (step['if'] !== undefined ? 'conditional' : '');
            var box = node(kind, step.id || '(no id)', step.type || '?', note);
            box.setAttribute('data-step', step.id || '');
            if (step.type === 'workflow' && typeof step.workflow === 'string') {
                // A sub-workflow: its box links to the workflow it starts.
                var link = document.createElement('a');
                link.href = '/console/workflows/' + encodeURIComponent(step.workflow);
                link.textContent = 'open the sub-workflow';
                link.className = 'sub-link';
                box.appendChild(link);
            }
            into.appendChild(box);
            if (label) {
                var branch = document.createElement('div');
                branch.className = 'branch';
                branch.textContent = label;
                into.appendChild(branch);
            }
            if (step.type === 'filter') {
                var stop = document.createElement('div');
                stop.className = 'branch';
                stop.textContent = 'else: the run ends here, succeeded';
                into.appendChild(stop);
            }
            if (step.type === 'switch') {
                var cases = (Array.isArray(step.cases) ? step.cases : []).map(function (c) {
                    c = c || {};
                    return [(c.name || 'case') + ': when ' + text(c.when), c.steps];
                });
                cases.push(['default', step['default'] || []]);
                lanes(into, cases);
            } else if (step.type === 'forEach') {
                lanes(into, [['each item', step.steps]]);
            } else if (step.branches && typeof step.branches === 'object' && !Array.isArray(step.branches)) {
                lanes(into, Object.keys(step.branches).map(function (k) { return ['branch ' + k, step.branches[k]]; }));
            }
        });
    }

    function drawDiagram() {
        var definition;
        try {
            definition = JSON.parse(area.value);
        } catch (e) {
            diagram.setAttribute('data-stale', 'true');
            return;
        }
        diagram.removeAttribute('data-stale');
        diagram.textContent = '';
        var trigger = definition && definition.trigger ? definition.trigger : {};
        var detail = trigger.cron ? trigger.cron + (trigger.timezone ? ' (' + trigger.timezone + ')' : '')
            : trigger.respond ? 'responds ' + trigger.respond : '';
        diagram.appendChild(node('trigger', 'Trigger', trigger.type || '?', detail));
        drawSteps(diagram, definition && Array.isArray(definition.steps) ? definition.steps : []);
        if (definition && definition.output !== undefined) {
            diagram.appendChild(edge(''));
            diagram.appendChild(node('trigger', 'Output', '', text(definition.output)));
        }
    }

    area.addEventListener('input', function () {
        drawGutter();
        drawDiagram();
    });
    area.addEventListener('scroll', function () {
        gutter.scrollTop = area.scrollTop;
    });
    // Tab indents inside the editor; Escape then Tab leaves it (keyboard users must not be trapped).
    var escaped = false;
    area.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') {
            escaped = true;
            return;
        }
        if (event.key === 'Tab' && !event.shiftKey && !escaped && !area.readOnly) {
            event.preventDefault();
            var start = area.selectionStart;
            area.setRangeText('  ', start, area.selectionEnd, 'end');
            area.dispatchEvent(new Event('input', { bubbles: true }));
        }
        escaped = false;
    });
    document.body.addEventListener('htmx:afterSwap', function (event) {
        if (event.detail.target && event.detail.target.id === 'problems' || document.getElementById('problems')) {
            var list = document.getElementById('problems');
            saveButtons(!list || list.getAttribute('data-count') === '0');
            drawGutter();
        }
    });
    drawGutter();
    drawDiagram();
    var initial = document.getElementById('problems');
    if (initial && initial.getAttribute('data-count') !== '0') {
        saveButtons(false);
    }
})();
