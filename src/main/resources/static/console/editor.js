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
        var steps = definition && Array.isArray(definition.steps) ? definition.steps : [];
        steps.forEach(function (step) {
            step = step || {};
            var note = '';
            var label = '';
            if (step.type === 'filter') {
                note = 'continues only if ' + text(step['if']);
                label = '';
            } else if (step['if'] !== undefined) {
                note = 'runs only if ' + text(step['if']);
                label = 'otherwise skipped';
            }
            diagram.appendChild(edge(''));
            var kind = step.type === 'filter' ? 'filter' : (step['if'] !== undefined ? 'conditional' : '');
            var box = node(kind, step.id || '(no id)', step.type || '?', note);
            box.setAttribute('data-step', step.id || '');
            diagram.appendChild(box);
            if (label) {
                var branch = document.createElement('div');
                branch.className = 'branch';
                branch.textContent = label;
                diagram.appendChild(branch);
            }
            if (step.type === 'filter') {
                var stop = document.createElement('div');
                stop.className = 'branch';
                stop.textContent = 'else: the run ends here, succeeded';
                diagram.appendChild(stop);
            }
        });
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
