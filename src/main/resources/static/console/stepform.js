// Step forms: the workflow definition edited as forms drawn from the published JSON Schema
// (/api/v1/schemas/workflow.json), kept in sync both ways with the JSON text area (#definition). Every step type's
// fields come from the schema, so a step type the server learns later gets its form without a change here. The
// text area stays the one source the page submits: each change in a form rewrites it and fires its input event, so
// the server's line-tied problems, the diagram and the unsaved-changes guard follow as if it had been typed.
(function () {
    'use strict';
    var area = document.getElementById('definition');
    var host = document.getElementById('step-form');
    var switcher = document.getElementById('view-switch');
    var jsonView = document.getElementById('json-view');
    if (!area || !host || !switcher || !jsonView || !window.fetch) {
        return;
    }
    var STEPS_REF = '#/properties/steps/items';
    var readonly = host.getAttribute('data-readonly') === 'true';
    var schema = null;
    var choices = { credentials: [], workflows: [] };
    var stepShapes = {};
    var stepTypes = [];
    var triggerShapes = {};
    var model = null;
    var writing = false;
    var serial = 0;

    function el(tag, attrs, text) {
        var e = document.createElement(tag);
        if (attrs) {
            Object.keys(attrs).forEach(function (k) {
                if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) {
                    e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
                }
            });
        }
        if (text !== undefined) {
            e.textContent = text;
        }
        return e;
    }

    function nextId(prefix) {
        serial += 1;
        return 'sf' + serial + '-' + prefix;
    }

    // ---- the schema -------------------------------------------------------------------------------------------

    function resolve(s) {
        var seen = 0;
        while (s && s.$ref && s.$ref !== STEPS_REF && seen < 10) {
            var target = schema;
            s.$ref.replace(/^#\//, '').split('/').forEach(function (part) {
                target = target ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
            });
            if (!target) {
                return {};
            }
            var merged = Object.assign({}, target, s);
            delete merged.$ref;
            s = merged;
            seen += 1;
        }
        return s || {};
    }

    function isStepList(s) {
        s = resolve(s);
        return s.type === 'array' && s.items && s.items.$ref === STEPS_REF;
    }

    // An object whose every member is a step list: parallel branches, named by the builder.
    function isLaneMap(s) {
        s = resolve(s);
        var extra = s.additionalProperties || (s.patternProperties && s.patternProperties[Object.keys(s.patternProperties)[0]]);
        return (s.type === 'object' || s.type === undefined) && extra && typeof extra === 'object' && isStepList(extra);
    }

    // An array of objects with their own fields (switch cases).
    function isObjectList(s) {
        s = resolve(s);
        var items = s.items ? resolve(s.items) : null;
        return s.type === 'array' && items && items.type === 'object' && items.properties;
    }

    function typesOf(s) {
        var t = resolve(s).type;
        return Array.isArray(t) ? t : (t ? [t] : []);
    }

    function constOf(s) {
        return s && s.properties && s.properties.type ? s.properties.type['const'] : undefined;
    }

    function learn(document) {
        schema = document;
        var shapes = ((document.properties || {}).steps || {}).items;
        (resolve(shapes).oneOf || []).forEach(function (shape) {
            var s = resolve(shape);
            var name = constOf(s) || s.title;
            if (name && !stepShapes[name]) {
                stepShapes[name] = s;
                stepTypes.push(name);
            }
        });
        stepTypes.sort();
        (((document.properties || {}).trigger || {}).oneOf || []).forEach(function (shape) {
            var s = resolve(shape);
            if (constOf(s)) {
                triggerShapes[constOf(s)] = s;
            }
        });
    }

    // The credential types a field accepts: the schema says "… credential of type slack or teams".
    function credentialTypes(s) {
        var match = /of type (.+)$/.exec(resolve(s).description || '');
        return match ? match[1].split(/\s+or\s+/) : null;
    }

    // ---- the model --------------------------------------------------------------------------------------------

    function pointerOf(path) {
        return path.length ? '/' + path.map(function (p) { return String(p).replace(/~/g, '~0').replace(/\//g, '~1'); }).join('/') : '';
    }

    function at(path) {
        var value = model;
        for (var i = 0; i < path.length && value !== undefined && value !== null; i++) {
            value = value[path[i]];
        }
        return value;
    }

    function put(path, value) {
        if (value !== undefined) {
            ensureParent(path);
        }
        var parent = at(path.slice(0, -1));
        var key = path[path.length - 1];
        if (parent === undefined || parent === null) {
            return;
        }
        if (value === undefined) {
            if (Array.isArray(parent)) {
                parent.splice(key, 1);
            } else {
                delete parent[key];
            }
        } else {
            parent[key] = value;
        }
    }

    function write() {
        writing = true;
        area.value = JSON.stringify(model, null, 2) + '\n';
        area.dispatchEvent(new Event('input', { bubbles: true }));
        writing = false;
    }

    function usedIds(list, into) {
        (list || []).forEach(function (step) {
            if (step && typeof step === 'object') {
                if (step.id) {
                    into[step.id] = true;
                }
                Object.keys(step).forEach(function (k) {
                    var v = step[k];
                    if (Array.isArray(v)) {
                        usedIds(v, into);
                        v.forEach(function (c) {
                            if (c && Array.isArray(c.steps)) {
                                usedIds(c.steps, into);
                            }
                        });
                    } else if (v && typeof v === 'object') {
                        Object.keys(v).forEach(function (b) {
                            if (Array.isArray(v[b])) {
                                usedIds(v[b], into);
                            }
                        });
                    }
                });
            }
        });
        return into;
    }

    function freshId(type) {
        var base = String(type).replace(/[^A-Za-z0-9_]/g, '') || 'step';
        var taken = usedIds(model.steps, {});
        for (var n = 1; ; n++) {
            if (!taken[base + n]) {
                return base + n;
            }
        }
    }

    // A new value with what the schema requires as structure (lists, cases); scalars are left for the builder.
    function skeleton(s) {
        s = resolve(s);
        var value = {};
        (s.required || []).forEach(function (name) {
            var field = resolve((s.properties || {})[name] || {});
            if (isStepList(field)) {
                value[name] = [];
            } else if (isObjectList(field)) {
                value[name] = [skeleton(field.items)];
            } else if (isLaneMap(field)) {
                value[name] = { a: [], b: [] };
            } else if (name === 'name') {
                value[name] = 'case1';
            }
        });
        return value;
    }

    function newStep(type) {
        var step = { id: freshId(type), type: type };
        var extra = skeleton(stepShapes[type]);
        Object.keys(extra).forEach(function (k) {
            if (k !== 'id' && k !== 'type') {
                step[k] = extra[k];
            }
        });
        if (type === 'wait' && step['for'] === undefined && step.until === undefined) {
            step['for'] = 'signal';
            step.signal = 'approval';
        }
        return step;
    }

    // ---- rendering --------------------------------------------------------------------------------------------

    function help(container, s, id) {
        var text = resolve(s).description;
        if (text) {
            container.appendChild(el('p', { 'class': 'hint', id: id }, text));
            return id;
        }
        return null;
    }

    function coerce(raw, s) {
        var types = typesOf(s);
        if (raw === '') {
            return undefined;
        }
        if (types.indexOf('integer') >= 0 || types.indexOf('number') >= 0) {
            var n = Number(raw);
            return isNaN(n) ? raw : n;
        }
        if (types.indexOf('boolean') >= 0 && (raw === 'true' || raw === 'false')) {
            return raw === 'true';
        }
        if (types.indexOf('array') >= 0 && /^\s*\[/.test(raw)) {
            try {
                return JSON.parse(raw);
            } catch (e) {
                return raw;
            }
        }
        return raw;
    }

    function isScalar(s) {
        var types = typesOf(s);
        var r = resolve(s);
        if (r.enum || r['const'] !== undefined) {
            return true;
        }
        return types.length > 0 && types.every(function (t) {
            return t === 'string' || t === 'integer' || t === 'number' || t === 'boolean' || t === 'null';
        }) || (types.indexOf('string') >= 0 && types.indexOf('array') >= 0);
    }

    var LONG_TEXT = { code: true, text: true, prompt: true, html: true, system: true, template: true, body: true };

    function scalarField(container, s, path, name, required) {
        var r = resolve(s);
        var id = nextId(name);
        var value = at(path);
        var wrap = el('div', { 'class': 'field', 'data-pointer': pointerOf(path) });
        var label = el('label', { 'for': id }, name + (required ? '' : ' (optional)'));
        wrap.appendChild(label);
        var control;
        var options = r.enum || (r['const'] !== undefined ? [r['const']] : null);
        var types = typesOf(s);
        var picker = null;
        if (name === 'credential') {
            var accepted = credentialTypes(r);
            picker = choices.credentials.filter(function (c) {
                return !accepted || accepted.indexOf(c.label) >= 0;
            }).map(function (c) { return { value: c.value, label: c.value + ' (' + c.label + ')' }; });
        } else if (name === 'workflow' && (r.format === 'uuid' || path.length > 2)) {
            picker = choices.workflows.map(function (w) { return { value: w.value, label: w.label }; });
        }
        if (options || picker) {
            control = el('select', { id: id });
            control.appendChild(el('option', { value: '' }, required ? 'Choose…' : '(not set)'));
            (picker || options.map(function (o) { return { value: String(o), label: String(o) }; })).forEach(function (o) {
                control.appendChild(el('option', { value: o.value }, o.label));
            });
            if (value !== undefined && value !== null) {
                if (!Array.prototype.some.call(control.options, function (o) { return o.value === String(value); })) {
                    control.appendChild(el('option', { value: String(value) }, String(value) + ' (not found)'));
                }
                control.value = String(value);
            }
            control.addEventListener('change', function () {
                var chosen = control.value === '' ? undefined : (options ? options.filter(function (o) { return String(o) === control.value; })[0] : control.value);
                put(path, chosen);
                write();
            });
        } else if (types.length === 1 && types[0] === 'boolean') {
            wrap.removeChild(label);
            control = el('input', { id: id, type: 'checkbox' });
            control.checked = value === true;
            var row = el('div', { 'class': 'check' });
            row.appendChild(control);
            row.appendChild(label);
            wrap.appendChild(row);
            control.addEventListener('change', function () {
                put(path, control.checked ? true : (required ? false : undefined));
                write();
            });
        } else {
            var numeric = types.indexOf('integer') >= 0 || types.indexOf('number') >= 0;
            var long = LONG_TEXT[name] && !numeric;
            control = long ? el('textarea', { id: id, rows: name === 'code' ? 6 : 3, spellcheck: 'false' })
                : el('input', { id: id, type: numeric && types.length === 1 ? 'number' : 'text', spellcheck: 'false' });
            if (r.minimum !== undefined) {
                control.setAttribute('min', r.minimum);
            }
            if (r.maximum !== undefined) {
                control.setAttribute('max', r.maximum);
            }
            control.value = value === undefined || value === null ? '' : (typeof value === 'string' ? value : JSON.stringify(value));
            if (typeof control.value === 'string' && control.value.indexOf('{{') >= 0 || /expression|\{\{/.test(r.description || '')) {
                control.setAttribute('data-expression', 'true');
            }
            control.addEventListener('input', function () {
                put(path, coerce(control.value, s));
                write();
            });
            if (!numeric && name !== 'id') {
                if (!long) {
                    control.setAttribute('list', 'expression-paths');
                }
                var shown = el('p', { 'class': 'preview hint', 'aria-live': 'polite', 'data-preview': pointerOf(path) });
                previewLater.push([control, shown]);
            }
        }
        if (required) {
            control.setAttribute('aria-required', 'true');
        }
        control.setAttribute('data-pointer', pointerOf(path));
        if (control.parentNode !== wrap && !control.parentNode) {
            wrap.appendChild(control);
        }
        var hint = help(wrap, r, id + '-hint');
        if (hint) {
            control.setAttribute('aria-describedby', hint);
        }
        previewLater.splice(0).forEach(function (pair) {
            wrap.appendChild(pair[1]);
            previewFor(pair[0], pair[1]);
        });
        container.appendChild(wrap);
    }

    var previewLater = [];

    function isJsonLiteral(text) {
        try {
            JSON.parse(text);
            return true;
        } catch (e) {
            return false;
        }
    }

    // Anything the form has no widget for (headers, a JSON body, blocks): its value as JSON, checked as typed.
    function jsonField(container, s, path, name, required) {
        var id = nextId(name);
        var value = at(path);
        var wrap = el('div', { 'class': 'field', 'data-pointer': pointerOf(path) });
        wrap.appendChild(el('label', { 'for': id }, name + ' (text or JSON' + (required ? '' : ', optional') + ')'));
        var control = el('textarea', { id: id, rows: 3, spellcheck: 'false', 'class': 'mono', 'data-pointer': pointerOf(path) });
        control.value = value === undefined ? '' : (typeof value === 'string' && !/^\s*(\[|"|\{(?!\{))/.test(value) && !isJsonLiteral(value)
            ? value : JSON.stringify(value, null, 2));
        wrap.appendChild(control);
        var status = el('p', { 'class': 'hint', id: id + '-status', 'aria-live': 'polite' });
        wrap.appendChild(status);
        var hint = help(wrap, s, id + '-hint');
        control.setAttribute('aria-describedby', (hint ? hint + ' ' : '') + id + '-status');
        var shown = el('p', { 'class': 'preview hint', 'aria-live': 'polite', 'data-preview': pointerOf(path) });
        wrap.appendChild(shown);
        previewFor(control, shown);
        control.addEventListener('input', function () {
            if (control.value.trim() === '') {
                status.textContent = '';
                put(path, undefined);
                write();
                return;
            }
            try {
                var parsed = JSON.parse(control.value);
                status.textContent = '';
                control.removeAttribute('aria-invalid');
                put(path, parsed);
                write();
            } catch (e) {
                if (!/^\s*(\[|"|\{(?!\{))/.test(control.value)) {
                    // Plain text (a greeting, a {{ }} expression) is a JSON string: no quotes to type.
                    status.textContent = 'Text.';
                    control.removeAttribute('aria-invalid');
                    put(path, control.value);
                    write();
                    return;
                }
                status.textContent = 'Not valid JSON yet: the definition keeps the last valid value.';
                control.setAttribute('aria-invalid', 'true');
            }
        });
        container.appendChild(wrap);
    }

    function objectFields(container, s, path, skip) {
        s = resolve(s);
        var props = s.properties || {};
        var required = s.required || [];
        var value = at(path) || {};
        var more = el('details', { 'class': 'more-fields' });
        var moreBody = el('div');
        var moreCount = 0;
        var order = Object.keys(props).filter(function (k) { return !skip[k]; });
        order.sort(function (a, b) {
            return (required.indexOf(a) < 0 ? 1 : 0) - (required.indexOf(b) < 0 ? 1 : 0);
        });
        order.forEach(function (name) {
            var isRequired = required.indexOf(name) >= 0;
            var target = isRequired || value[name] !== undefined ? container : moreBody;
            if (target === moreBody) {
                moreCount += 1;
            }
            field(target, props[name], path.concat([name]), name, isRequired);
        });
        if (moreCount > 0) {
            more.appendChild(el('summary', null, 'More fields (' + moreCount + ')'));
            more.appendChild(moreBody);
            container.appendChild(more);
        }
    }

    function field(container, s, path, name, required) {
        var r = resolve(s);
        if (isStepList(r)) {
            if (at(path) === undefined && !required) {
                var add = el('button', { type: 'button', 'class': 'button secondary small' }, 'Add ' + name + ' steps');
                add.addEventListener('click', function () { put(path, []); write(); render(); });
                container.appendChild(add);
                return;
            }
            lane(container, path, name);
        } else if (isLaneMap(r)) {
            laneMap(container, r, path, name);
        } else if (isObjectList(r)) {
            objectList(container, r, path, name);
        } else if (isScalar(r)) {
            scalarField(container, r, path, name, required);
        } else if (r.type === 'object' && r.properties && Object.keys(r.properties).every(function (k) { return isScalar(r.properties[k]); })) {
            var set = el('fieldset', { 'class': 'subfields', 'data-pointer': pointerOf(path) });
            set.appendChild(el('legend', null, name + (required ? '' : ' (optional)')));
            if (at(path) === undefined) {
                put(path, {});
                objectFields(set, r, path, {});
                put(path, undefined);
            } else {
                objectFields(set, r, path, {});
            }
            container.appendChild(set);
        } else {
            jsonField(container, r, path, name, required);
        }
    }

    function ensureParent(path) {
        for (var i = 1; i < path.length; i++) {
            if (at(path.slice(0, i)) === undefined) {
                put(path.slice(0, i), typeof path[i] === 'number' ? [] : {});
            }
        }
    }

    function objectList(container, s, path, name) {
        var items = resolve(s.items);
        var set = el('fieldset', { 'class': 'subfields', 'data-pointer': pointerOf(path) });
        set.appendChild(el('legend', null, name));
        var list = at(path) || [];
        list.forEach(function (item, i) {
            var box = el('div', { 'class': 'case', 'data-pointer': pointerOf(path.concat([i])) });
            box.appendChild(el('h4', null, (item && item.name) || name + ' ' + (i + 1)));
            objectFields(box, items, path.concat([i]), {});
            var remove = el('button', { type: 'button', 'class': 'button secondary small' }, 'Remove ' + ((item && item.name) || 'this one'));
            remove.addEventListener('click', function () {
                put(path.concat([i]), undefined);
                write();
                render();
            });
            if (!readonly) {
                box.appendChild(remove);
            }
            set.appendChild(box);
        });
        if (!readonly) {
            var add = el('button', { type: 'button', 'class': 'button secondary small' }, 'Add to ' + name);
            add.addEventListener('click', function () {
                ensureParent(path.concat([0]));
                var value = skeleton(items);
                if (value.name !== undefined) {
                    value.name = 'case' + ((at(path) || []).length + 1);
                }
                at(path).push(value);
                write();
                render();
            });
            set.appendChild(add);
        }
        container.appendChild(set);
    }

    function laneMap(container, s, path, name) {
        var set = el('fieldset', { 'class': 'subfields lanes', 'data-pointer': pointerOf(path) });
        set.appendChild(el('legend', null, name));
        var value = at(path) || {};
        var row = el('div', { 'class': 'lane-row' });
        Object.keys(value).forEach(function (key) {
            var column = el('div', { 'class': 'lane-column' });
            column.appendChild(el('h4', null, key));
            lane(column, path.concat([key]), name + ' ' + key);
            if (!readonly) {
                var remove = el('button', { type: 'button', 'class': 'button secondary small' }, 'Remove ' + key);
                remove.addEventListener('click', function () {
                    put(path.concat([key]), undefined);
                    write();
                    render();
                });
                column.appendChild(remove);
            }
            row.appendChild(column);
        });
        set.appendChild(row);
        if (!readonly) {
            var id = nextId('lane');
            var adder = el('div', { 'class': 'palette' });
            adder.appendChild(el('label', { 'for': id }, 'New ' + name + ' name'));
            var input = el('input', { id: id, type: 'text', spellcheck: 'false' });
            adder.appendChild(input);
            var add = el('button', { type: 'button', 'class': 'button secondary small' }, 'Add to ' + name);
            add.addEventListener('click', function () {
                var key = input.value.trim() || ('b' + (Object.keys(at(path) || {}).length + 1));
                if (at(path) === undefined) {
                    put(path, {});
                }
                if (at(path)[key] === undefined) {
                    at(path)[key] = [];
                }
                write();
                render();
            });
            adder.appendChild(add);
            set.appendChild(adder);
        }
        container.appendChild(set);
    }

    function lane(container, path, label) {
        var list = at(path) || [];
        var box = el('div', { 'class': 'lane', role: 'group', 'aria-label': 'Steps: ' + label, 'data-pointer': pointerOf(path) });
        list.forEach(function (step, i) {
            box.appendChild(stepCard(step, path.concat([i]), i, list.length));
        });
        if (list.length === 0) {
            box.appendChild(el('p', { 'class': 'muted' }, 'No steps yet.'));
        }
        if (!readonly) {
            box.appendChild(palette(path, label));
        }
        container.appendChild(box);
    }

    function palette(path, label) {
        var id = nextId('palette');
        var row = el('div', { 'class': 'palette' });
        row.appendChild(el('label', { 'for': id, 'class': 'visually-hidden' }, 'Step type to add to ' + label));
        var select = el('select', { id: id });
        stepTypes.forEach(function (type) {
            var shape = stepShapes[type];
            var option = el('option', { value: type }, type);
            if (shape.description) {
                option.title = shape.description;
            }
            select.appendChild(option);
        });
        row.appendChild(select);
        var add = el('button', { type: 'button', 'class': 'button secondary small', 'data-add-step': pointerOf(path) }, 'Add step');
        add.addEventListener('click', function () {
            ensureParent(path.concat([0]));
            if (at(path) === undefined) {
                put(path, []);
            }
            var step = newStep(select.value);
            at(path).push(step);
            write();
            render();
            focusStep(step.id);
        });
        row.appendChild(add);
        return row;
    }

    function focusStep(id) {
        var card = host.querySelector('[data-step-id="' + (window.CSS && CSS.escape ? CSS.escape(id) : id) + '"] input');
        if (card) {
            card.focus();
        }
    }

    function stepCard(step, path, index, count) {
        step = step && typeof step === 'object' ? step : {};
        var shape = stepShapes[step.type];
        var card = el('section', { 'class': 'step-card', 'data-step-id': step.id || '', 'data-pointer': pointerOf(path) });
        var head = el('div', { 'class': 'step-head' });
        var title = el('h3', null, (step.id || '(no id)') + ' · ' + (step.type || '?'));
        head.appendChild(title);
        if (!readonly) {
            var tools = el('div', { 'class': 'step-tools' });
            [['Up', -1, index > 0], ['Down', 1, index < count - 1]].forEach(function (move) {
                if (!move[2]) {
                    return;
                }
                var b = el('button', { type: 'button', 'class': 'button secondary small', 'aria-label': 'Move ' + (step.id || 'step') + ' ' + move[0].toLowerCase() }, move[0]);
                b.addEventListener('click', function () {
                    var list = at(path.slice(0, -1));
                    var moved = list.splice(index, 1)[0];
                    list.splice(index + move[1], 0, moved);
                    write();
                    render();
                    var again = host.querySelector('[data-step-id="' + step.id + '"] [aria-label^="Move"]');
                    if (again) {
                        again.focus();
                    }
                });
                tools.appendChild(b);
            });
            var del = el('button', { type: 'button', 'class': 'button danger small', 'aria-label': 'Delete ' + (step.id || 'step') }, 'Delete');
            del.addEventListener('click', function () {
                put(path, undefined);
                write();
                render();
            });
            tools.appendChild(del);
            head.appendChild(tools);
        }
        card.appendChild(head);
        if (shape && shape.description) {
            card.appendChild(el('p', { 'class': 'hint' }, shape.description));
        }
        var idPath = path.concat(['id']);
        scalarField(card, { type: 'string', description: 'Unique name of the step; later steps read its output as steps.<id>.output' }, idPath, 'id', true);
        var idInput = card.querySelector('input');
        idInput.addEventListener('input', function () {
            title.textContent = (idInput.value || '(no id)') + ' · ' + (step.type || '?');
            card.setAttribute('data-step-id', idInput.value);
        });
        // A renamed step: its Test step button follows the new id at once (the card is drawn again later).
        idInput.addEventListener('input', function () {
            var button = card.querySelector(':scope > .step-extra > [data-test-step]');
            if (button) {
                button.setAttribute('data-test-step', idInput.value);
            }
            var box = card.querySelector(':scope > .step-extra > [data-test-result]');
            if (box) {
                box.setAttribute('data-test-result', idInput.value);
            }
        });
        if (shape) {
            objectFields(card, shape, path, { id: true, type: true });
        } else {
            card.appendChild(el('p', { 'class': 'notice warn' }, 'Unknown step type “' + step.type + '”: edit it in the JSON view.'));
        }
        var slot = el('div', { 'class': 'step-extra', 'data-step-path': pointerOf(path) });
        if (!readonly && step.id) {
            var test = el('button', { type: 'button', 'class': 'button secondary small', 'data-test-step': step.id }, 'Test step');
            test.addEventListener('click', function () { testStep(test.getAttribute('data-test-step'), result); });
            slot.appendChild(test);
            var result = el('div', { 'class': 'test-result', role: 'status', 'aria-live': 'polite', 'data-test-result': step.id });
            slot.appendChild(result);
            if (results[step.id]) {
                showResult(result, results[step.id]);
            }
        }
        card.appendChild(slot);
        return card;
    }

    function triggerSection(container) {
        var set = el('fieldset', { 'class': 'subfields trigger', 'data-pointer': '/trigger' });
        set.appendChild(el('legend', null, 'Trigger'));
        var trigger = model.trigger && typeof model.trigger === 'object' ? model.trigger : {};
        var id = nextId('trigger');
        var wrap = el('div', { 'class': 'field' });
        wrap.appendChild(el('label', { 'for': id }, 'Trigger type'));
        var select = el('select', { id: id, 'data-pointer': '/trigger/type' });
        Object.keys(triggerShapes).forEach(function (t) {
            select.appendChild(el('option', { value: t }, t));
        });
        select.value = trigger.type || '';
        select.addEventListener('change', function () {
            model.trigger = { type: select.value };
            write();
            render();
        });
        wrap.appendChild(select);
        set.appendChild(wrap);
        if (triggerShapes[trigger.type]) {
            objectFields(set, triggerShapes[trigger.type], ['trigger'], { type: true });
        }
        container.appendChild(set);
    }

    // ---- sample data and "Test step" ----------------------------------------------------------------------------

    var workflowId = host.getAttribute('data-workflow') || '';
    var sampleKey = 'levqor-sample-' + (workflowId || 'new');
    var results = {};
    var sampleOpen = false;

    function defaultSample() {
        var trigger = model && model.trigger && model.trigger.type === 'webhook'
            ? { body: { name: 'Ada' }, headers: {}, query: {} } : { input: {} };
        return JSON.stringify({ trigger: trigger, steps: {} }, null, 2);
    }

    function sampleText() {
        var box = document.getElementById('sample-data');
        if (box) {
            return box.value;
        }
        try {
            return localStorage.getItem(sampleKey) || defaultSample();
        } catch (e) {
            return defaultSample();
        }
    }

    var pinTimer = null;

    function keepSample(text, pin) {
        var box = document.getElementById('sample-data');
        if (box && box.value !== text) {
            box.value = text;
        }
        if (pin && workflowId && !readonly) {
            // Pinned on the server (the workflow's sample data), a moment after the last change.
            clearTimeout(pinTimer);
            pinTimer = setTimeout(function () {
                try {
                    JSON.parse(text);
                } catch (e) {
                    return;
                }
                fetch('/console/workflows/' + workflowId + '/sample-data', {
                    method: 'POST', headers: csrfHeaders(), credentials: 'same-origin', body: 'data=' + encodeURIComponent(text)
                });
            }, 500);
        }
        refreshPaths();
        try {
            localStorage.setItem(sampleKey, text);
        } catch (e) {
            // storage refused: the sample lasts for this page only
        }
        document.dispatchEvent(new CustomEvent('levqor:sample', { detail: { text: text } }));
    }

    function sampleSection(container) {
        var details = el('details', { 'class': 'sample', id: 'sample-section' });
        details.open = sampleOpen;
        details.addEventListener('toggle', function () { sampleOpen = details.open; });
        details.appendChild(el('summary', null, 'Sample data (for Test step and expression previews)'));
        var wrap = el('div', { 'class': 'field' });
        wrap.appendChild(el('label', { 'for': 'sample-data' }, 'Sample data (JSON)'));
        var box = el('textarea', { id: 'sample-data', rows: 6, spellcheck: 'false', 'class': 'mono', 'aria-describedby': 'sample-hint' });
        box.value = sampleText();
        wrap.appendChild(box);
        wrap.appendChild(el('p', { 'class': 'hint', id: 'sample-hint' },
            'What expressions see: trigger (a webhook call\'s body, headers and query, or a run\'s input) and steps '
            + '(each step id to its output). A step tested successfully adds its output here.'));
        box.addEventListener('input', function () { keepSample(box.value, true); });
        if (workflowId && !readonly && model && model.trigger && model.trigger.type === 'webhook') {
            listenButton(wrap);
        }
        details.appendChild(wrap);
        container.appendChild(details);
    }

    function csrfHeaders() {
        var header = document.querySelector('meta[name="csrf-header"]');
        var token = document.querySelector('meta[name="csrf-token"]');
        var headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
        if (header && token) {
            headers[header.getAttribute('content')] = token.getAttribute('content');
        }
        return headers;
    }

    function showResult(box, answer) {
        box.textContent = '';
        if (answer.problems) {
            box.appendChild(el('p', { 'class': 'field-error' }, 'Not tested: ' + answer.problems.map(function (p) { return p.message; }).join('; ')));
            return;
        }
        var head = el('p');
        head.appendChild(el('span', { 'class': 'badge ' + answer.status }, answer.status));
        head.appendChild(document.createTextNode(' in ' + answer.durationMs + ' ms'));
        box.appendChild(head);
        if (answer.error) {
            box.appendChild(el('p', { 'class': 'field-error' }, answer.error));
        }
        if (answer.output !== undefined && answer.output !== null) {
            box.appendChild(el('p', { 'class': 'hint' }, 'Output'));
            box.appendChild(el('pre', { 'class': 'json step-test-output' }, JSON.stringify(answer.output, null, 2)));
        }
    }

    function testStep(id, box) {
        var sample = sampleText();
        box.textContent = 'Testing…';
        var body = 'definition=' + encodeURIComponent(area.value) + '&stepId=' + encodeURIComponent(id)
            + '&data=' + encodeURIComponent(sample) + (workflowId ? '&workflowId=' + encodeURIComponent(workflowId) : '');
        fetch('/console/workflows/test-step', { method: 'POST', headers: csrfHeaders(), body: body, credentials: 'same-origin' })
            .then(function (r) { return r.json(); })
            .then(function (answer) {
                results[id] = answer;
                showResult(box, answer);
                if (answer.status === 'succeeded') {
                    try {
                        var data = JSON.parse(sample);
                        data.steps = data.steps && typeof data.steps === 'object' ? data.steps : {};
                        data.steps[id] = answer.output === undefined ? null : answer.output;
                        keepSample(JSON.stringify(data, null, 2), true);
                    } catch (e) {
                        // the sample is not JSON: leave it as the builder typed it
                    }
                }
            })
            .catch(function () {
                box.textContent = 'The test could not be sent; try again.';
            });
    }

    // "Listen for a test webhook call": the next call to the webhook URL becomes the sample's trigger, no run starts.
    function listenButton(container) {
        var button = el('button', { type: 'button', 'class': 'button secondary small' }, 'Listen for a test webhook call');
        var status = el('p', { 'class': 'hint', role: 'status', 'aria-live': 'polite', id: 'listen-status' });
        button.addEventListener('click', function () {
            fetch('/console/workflows/' + workflowId + '/test-webhook/listen', { method: 'POST', headers: csrfHeaders(), credentials: 'same-origin' })
                .then(function (r) { return r.json(); })
                .then(function (hook) {
                    var until = hook.listenUntil ? new Date(hook.listenUntil) : null;
                    status.textContent = 'Listening' + (until ? ' until ' + until.toLocaleTimeString() : '')
                        + ': call the webhook URL now (no run starts).';
                    poll(status);
                });
        });
        container.appendChild(button);
        container.appendChild(status);
    }

    function poll(status) {
        fetch('/console/workflows/' + workflowId + '/test-webhook', { credentials: 'same-origin' })
            .then(function (r) { return r.json(); })
            .then(function (hook) {
                var live = document.getElementById('listen-status') || status;
                if (hook.state === 'captured' && hook.trigger) {
                    var data;
                    try {
                        data = JSON.parse(sampleText());
                    } catch (e) {
                        data = { steps: {} };
                    }
                    data.trigger = hook.trigger;
                    keepSample(JSON.stringify(data, null, 2), false);
                    live.textContent = 'Captured a call: it is the sample data\'s trigger now.';
                } else if (hook.state === 'listening') {
                    setTimeout(function () { poll(status); }, 1000);
                } else {
                    live.textContent = 'No call came in time. Listen again to retry.';
                }
            });
    }

    // Expression previews: what a field's text evaluates to against the sample data, as it is typed.
    function previewFor(control, box) {
        var timer = null;
        function update() {
            var text = control.value;
            if (text.indexOf('{{') < 0) {
                box.textContent = '';
                return;
            }
            var body = 'expression=' + encodeURIComponent(text) + '&data=' + encodeURIComponent(sampleText())
                + (workflowId ? '&workflowId=' + encodeURIComponent(workflowId) : '');
            fetch('/console/expressions/preview', { method: 'POST', headers: csrfHeaders(), credentials: 'same-origin', body: body })
                .then(function (r) { return r.json(); })
                .then(function (answer) {
                    if (answer.problems) {
                        box.textContent = 'No preview: ' + answer.problems.map(function (p) { return p.message; }).join('; ');
                    } else if (answer.error) {
                        box.textContent = 'Fails on the sample: ' + answer.error;
                        box.className = 'preview field-error';
                    } else {
                        box.className = 'preview hint';
                        box.textContent = '= ' + (answer.value === undefined ? 'nothing' : JSON.stringify(answer.value));
                    }
                });
        }
        control.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(update, 300);
        });
        control.addEventListener('focus', update);
    }

    var serverPaths = [];

    function walk(prefix, value, into, depth) {
        into.push(prefix);
        if (depth > 5 || value === null || typeof value !== 'object') {
            return;
        }
        if (Array.isArray(value)) {
            if (value.length) {
                walk(prefix + '[0]', value[0], into, depth + 1);
            }
            return;
        }
        Object.keys(value).slice(0, 100).forEach(function (k) {
            walk(prefix + '.' + (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : '`' + k + '`'), value[k], into, depth + 1);
        });
    }

    // Autocompletion: the paths of the sample data, the steps' outputs and (saved workflows) the last run, offered
    // by a datalist on every text field of the forms.
    function refreshPaths() {
        var list = document.getElementById('expression-paths');
        if (!list) {
            return;
        }
        var paths = [];
        try {
            var sample = JSON.parse(sampleText());
            walk('trigger', sample.trigger || {}, paths, 0);
            Object.keys(sample.steps || {}).forEach(function (id) {
                walk('steps.' + id + '.output', sample.steps[id], paths, 1);
            });
        } catch (e) {
            // not JSON yet: no sample paths
        }
        Object.keys(usedIds(model && model.steps, {})).forEach(function (id) {
            paths.push('steps.' + id + '.output');
        });
        paths = paths.concat(serverPaths, ['item', 'index', 'run.id', 'run.workflowId']);
        var seen = {};
        list.textContent = '';
        paths.forEach(function (p) {
            if (!seen[p]) {
                seen[p] = true;
                list.appendChild(el('option', { value: '{{ ' + p + ' }}' }));
            }
        });
    }

    function render() {
        var active = document.activeElement;
        var activeId = active && host.contains(active) ? active.id : null;
        host.textContent = '';
        serial = 0;
        if (!model || typeof model !== 'object' || Array.isArray(model)) {
            host.appendChild(el('p', { 'class': 'notice warn', role: 'status' }, 'The JSON is not a definition the form can show yet: fix it in the JSON view.'));
            return;
        }
        var set = el('fieldset', { 'class': 'form-body' });
        if (readonly) {
            set.disabled = true;
        }
        if (!readonly) {
            sampleSection(set);
        }
        triggerSection(set);
        var stepsSet = el('fieldset', { 'class': 'subfields', 'data-pointer': '/steps' });
        stepsSet.appendChild(el('legend', null, 'Steps'));
        if (!Array.isArray(model.steps)) {
            model.steps = [];
        }
        lane(stepsSet, ['steps'], 'the workflow');
        set.appendChild(stepsSet);
        var rest = el('fieldset', { 'class': 'subfields', 'data-pointer': '' });
        rest.appendChild(el('legend', null, 'Workflow options'));
        objectFields(rest, schema, [], { trigger: true, steps: true });
        set.appendChild(rest);
        host.appendChild(set);
        host.appendChild(el('datalist', { id: 'expression-paths' }));
        refreshPaths();
        markProblems();
        if (activeId) {
            var again = document.getElementById(activeId);
            if (again) {
                again.focus();
            }
        }
        document.dispatchEvent(new CustomEvent('levqor:stepform', { detail: { model: model } }));
    }

    // The server's problems, each also beside the form field its JSON pointer names (or its nearest ancestor).
    function markProblems() {
        host.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
        host.querySelectorAll('[aria-invalid="true"][data-pointer]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
        document.querySelectorAll('#problems [data-pointer]').forEach(function (item) {
            var pointer = item.getAttribute('data-pointer') || '';
            var message = item.textContent.replace(/^\s*Line \d+/, '').trim();
            var target = null;
            while (target === null) {
                target = host.querySelector('[data-pointer="' + pointer.replace(/"/g, '\\"') + '"]');
                if (target || pointer === '') {
                    break;
                }
                pointer = pointer.replace(/\/[^/]*$/, '');
            }
            if (!target) {
                return;
            }
            var box = target.closest('.field') || target;
            var note = el('p', { 'class': 'field-error', role: 'note' }, message);
            if (box.tagName === 'FIELDSET' || box.classList.contains('step-card') || box.classList.contains('lane')) {
                box.insertBefore(note, box.children[1] || null);
            } else {
                box.appendChild(note);
            }
            var control = box.querySelector('input, select, textarea');
            if (control && box.classList.contains('field')) {
                control.setAttribute('aria-invalid', 'true');
            }
        });
    }

    function fromText() {
        try {
            model = JSON.parse(area.value);
        } catch (e) {
            model = null;
        }
        render();
    }

    function show(view) {
        var form = view === 'form';
        host.hidden = !form;
        jsonView.hidden = form;
        switcher.querySelectorAll('[data-view]').forEach(function (b) {
            b.setAttribute('aria-pressed', String(b.getAttribute('data-view') === view));
        });
        if (form) {
            fromText();
        }
    }

    area.addEventListener('input', function () {
        if (!writing && !host.hidden) {
            fromText();
        }
    });
    // Enter in a form field must not submit the whole workflow (it would save a version).
    host.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' && event.target.tagName === 'INPUT') {
            event.preventDefault();
        }
    });
    document.body.addEventListener('htmx:afterSwap', function () {
        markProblems();
    });
    switcher.querySelectorAll('[data-view]').forEach(function (b) {
        b.addEventListener('click', function () {
            show(b.getAttribute('data-view'));
        });
    });

    var data = fetch('/console/workflows/editor-data', { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : { credentials: [], workflows: [] }; })
        .catch(function () { return { credentials: [], workflows: [] }; });
    Promise.all([fetch('/api/v1/schemas/workflow.json').then(function (r) { return r.json(); }), data])
        .then(function (both) {
            learn(both[0]);
            choices = both[1];
            var current = host.getAttribute('data-workflow');
            if (current) {
                choices.workflows = (choices.workflows || []).filter(function (w) { return w.value !== current; });
            }
            switcher.hidden = false;
            var extras = [];
            if (workflowId) {
                extras.push(fetch('/console/workflows/' + workflowId + '/sample-data', { credentials: 'same-origin' })
                    .then(function (r) { return r.ok ? r.json() : null; })
                    .then(function (sample) {
                        if (sample && (Object.keys(sample.trigger || {}).length || Object.keys(sample.steps || {}).length)) {
                            try {
                                localStorage.setItem(sampleKey, JSON.stringify({ trigger: sample.trigger, steps: sample.steps }, null, 2));
                            } catch (e) {
                                // storage refused: the server's sample shows once the form is drawn
                            }
                        }
                    })
                    .catch(function () { return null; }));
                extras.push(fetch('/console/workflows/' + workflowId + '/expression-paths', { credentials: 'same-origin' })
                    .then(function (r) { return r.ok ? r.json() : { paths: [] }; })
                    .then(function (answer) { serverPaths = answer.paths || []; })
                    .catch(function () { return null; }));
            }
            return Promise.all(extras).then(function () {
                show('form');
                host.setAttribute('data-ready', 'true');
            });
        })
        .catch(function () {
            // No schema, no forms: the JSON view works as before.
            switcher.hidden = true;
        });
})();
