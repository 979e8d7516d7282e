// Comfort on every console page, none of it needed to use the console: the theme button (system → dark → light),
// keyboard shortcuts with their list on "?", the command palette (Ctrl/Cmd-K) and, in the workflow editor, a
// warning before unsaved changes are left behind. Overlays are native <dialog>s: modal focus, Escape closes.
(function () {
    'use strict';
    var root = document.documentElement;
    var mac = /Mac|iPhone|iPad/.test(navigator.platform || '');
    var mod = mac ? '⌘' : 'Ctrl';

    // ---- theme -------------------------------------------------------------------------------------------------
    var THEMES = ['system', 'dark', 'light'];

    function currentTheme() {
        var chosen = root.getAttribute('data-theme');
        return chosen === 'dark' || chosen === 'light' ? chosen : 'system';
    }

    function showTheme(button) {
        var theme = currentTheme();
        button.textContent = 'Theme: ' + theme;
        button.setAttribute('aria-label', 'Theme: ' + (theme === 'system' ? 'follows the system' : theme)
            + '. Press to switch.');
    }

    document.querySelectorAll('[data-theme-toggle]').forEach(function (button) {
        button.hidden = false;
        showTheme(button);
        button.addEventListener('click', function () {
            var next = THEMES[(THEMES.indexOf(currentTheme()) + 1) % THEMES.length];
            if (next === 'system') {
                root.removeAttribute('data-theme');
            } else {
                root.setAttribute('data-theme', next);
            }
            try {
                if (next === 'system') {
                    window.localStorage.removeItem('levqor-theme');
                } else {
                    window.localStorage.setItem('levqor-theme', next);
                }
            } catch (ignored) { /* not remembered, still applied */ }
            showTheme(button);
        });
    });

    // ---- dialogs -----------------------------------------------------------------------------------------------
    var opener = null;

    function dialog(id, title) {
        var box = document.createElement('dialog');
        box.className = 'overlay';
        box.id = id;
        box.setAttribute('aria-labelledby', id + '-title');
        var heading = document.createElement('h2');
        heading.id = id + '-title';
        heading.textContent = title;
        box.appendChild(heading);
        box.addEventListener('close', function () {
            // Focus goes back where it was (WAI-ARIA dialog pattern).
            if (opener && opener.focus) {
                opener.focus();
            }
        });
        document.body.appendChild(box);
        return box;
    }

    function open(box, focus) {
        if (box.open) {
            return;
        }
        opener = document.activeElement;
        document.querySelectorAll('dialog.overlay[open]').forEach(function (other) { other.close(); });
        box.showModal();
        if (focus) {
            focus.focus();
        }
    }

    // ---- shortcuts overlay -------------------------------------------------------------------------------------
    var SHORTCUTS = [
        ['?', 'Show this list'],
        [mod + ' K', 'Command palette: jump to a workflow, a run or a page'],
        ['/', 'Search (the run list’s search field, elsewhere the palette)'],
        [mod + ' S', 'Save the workflow (in the editor)'],
        [mod + ' Enter', 'Run now (on a workflow)'],
        [mod + ' Shift Enter', 'Test step: the step being edited (in the editor’s form)'],
        ['Esc', 'Close this list or the palette']
    ];
    var help = null;

    function showHelp() {
        if (!help) {
            help = dialog('shortcuts', 'Keyboard shortcuts');
            var list = document.createElement('dl');
            list.className = 'shortcuts';
            SHORTCUTS.forEach(function (entry) {
                var keys = document.createElement('dt');
                entry[0].split(' ').forEach(function (key, i) {
                    if (i > 0) {
                        keys.appendChild(document.createTextNode(' '));
                    }
                    var k = document.createElement('kbd');
                    k.textContent = key;
                    keys.appendChild(k);
                });
                var what = document.createElement('dd');
                what.textContent = entry[1];
                what.style.margin = '0';
                list.appendChild(keys);
                list.appendChild(what);
            });
            help.appendChild(list);
            var close = document.createElement('button');
            close.type = 'button';
            close.className = 'button secondary';
            close.textContent = 'Close';
            close.addEventListener('click', function () { help.close(); });
            var actions = document.createElement('div');
            actions.className = 'actions';
            actions.style.marginTop = '1rem';
            actions.appendChild(close);
            help.appendChild(actions);
        }
        open(help, help.querySelector('button'));
    }

    // ---- command palette ---------------------------------------------------------------------------------------
    var palette = null;
    var paletteInput = null;
    var paletteList = null;
    var entries = null;
    var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

    function pageEntries() {
        var pages = [];
        document.querySelectorAll('.mainnav a').forEach(function (link) {
            pages.push({ kind: 'page', label: link.textContent.trim(), href: link.getAttribute('href') });
        });
        return pages;
    }

    function loadEntries() {
        if (entries) {
            return;
        }
        entries = pageEntries();
        var source = document.querySelector('meta[name="palette-source"]');
        if (!source || !window.fetch) {
            return;
        }
        fetch(source.content, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
            .then(function (answer) { return answer.ok ? answer.json() : { items: [] }; })
            .then(function (body) {
                entries = entries.concat(body.items || []);
                render();
            })
            .catch(function () { /* pages only */ });
    }

    function matches() {
        var text = paletteInput.value.trim().toLowerCase();
        var found = [];
        if (UUID.test(text)) {
            found.push({ kind: 'run', label: 'Open run ' + text, href: paletteInput.getAttribute('data-run-base') + text });
        }
        (entries || []).forEach(function (entry) {
            if (!text || entry.label.toLowerCase().indexOf(text) >= 0) {
                found.push(entry);
            }
        });
        return found.slice(0, 30);
    }

    function select(index) {
        var items = paletteList.querySelectorAll('li');
        items.forEach(function (item, i) {
            item.setAttribute('aria-selected', i === index ? 'true' : 'false');
        });
        if (items[index]) {
            paletteInput.setAttribute('aria-activedescendant', items[index].id);
            items[index].scrollIntoView({ block: 'nearest' });
        } else {
            paletteInput.removeAttribute('aria-activedescendant');
        }
    }

    function render() {
        if (!paletteList) {
            return;
        }
        paletteList.textContent = '';
        matches().forEach(function (entry, i) {
            var item = document.createElement('li');
            item.id = 'palette-item-' + i;
            item.setAttribute('role', 'option');
            item.setAttribute('data-href', entry.href);
            var label = document.createElement('span');
            label.textContent = entry.label;
            var kind = document.createElement('span');
            kind.className = 'kind';
            kind.textContent = entry.kind;
            item.appendChild(label);
            item.appendChild(kind);
            item.addEventListener('click', function () { go(entry.href); });
            paletteList.appendChild(item);
        });
        if (!paletteList.firstChild) {
            var none = document.createElement('li');
            none.setAttribute('role', 'option');
            none.setAttribute('aria-disabled', 'true');
            none.id = 'palette-none';
            none.textContent = 'Nothing matches.';
            paletteList.appendChild(none);
        }
        select(paletteList.querySelector('[data-href]') ? 0 : -1);
    }

    function go(href) {
        if (href) {
            window.location.assign(href);
        }
    }

    function showPalette() {
        if (!palette) {
            palette = dialog('palette', 'Go to');
            var label = document.createElement('label');
            label.setAttribute('for', 'palette-input');
            label.className = 'visually-hidden';
            label.textContent = 'Workflow, run or page';
            paletteInput = document.createElement('input');
            paletteInput.id = 'palette-input';
            paletteInput.type = 'text';
            paletteInput.autocomplete = 'off';
            paletteInput.placeholder = 'Workflow, run id or page…';
            paletteInput.setAttribute('role', 'combobox');
            paletteInput.setAttribute('aria-expanded', 'true');
            paletteInput.setAttribute('aria-controls', 'palette-results');
            var base = document.querySelector('meta[name="palette-run-base"]');
            paletteInput.setAttribute('data-run-base', base ? base.content : '/console/runs/');
            paletteList = document.createElement('ul');
            paletteList.id = 'palette-results';
            paletteList.className = 'palette-results';
            paletteList.setAttribute('role', 'listbox');
            paletteList.setAttribute('aria-label', 'Matches');
            palette.appendChild(label);
            palette.appendChild(paletteInput);
            palette.appendChild(paletteList);
            paletteInput.addEventListener('input', render);
            paletteInput.addEventListener('keydown', function (event) {
                var items = Array.prototype.slice.call(paletteList.querySelectorAll('li[data-href]'));
                var at = items.findIndex(function (item) { return item.getAttribute('aria-selected') === 'true'; });
                if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                    event.preventDefault();
                    var step = event.key === 'ArrowDown' ? 1 : -1;
                    select(items.length ? (at + step + items.length) % items.length : -1);
                } else if (event.key === 'Enter') {
                    event.preventDefault();
                    if (items[Math.max(at, 0)]) {
                        go(items[Math.max(at, 0)].getAttribute('data-href'));
                    }
                }
            });
        }
        loadEntries();
        paletteInput.value = '';
        render();
        open(palette, paletteInput);
    }

    // ---- keys --------------------------------------------------------------------------------------------------
    function typing(target) {
        return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    }

    function press(selector) {
        var button = document.querySelector(selector);
        if (button && !button.disabled) {
            button.click();
            return true;
        }
        return false;
    }

    document.addEventListener('keydown', function (event) {
        var withMod = mac ? event.metaKey : event.ctrlKey;
        var key = event.key.toLowerCase();
        if (withMod && key === 'k') {
            event.preventDefault();
            showPalette();
        } else if (withMod && key === 's') {
            if (document.querySelector('[data-save]')) {
                event.preventDefault();
                press('[data-save]');
            }
        } else if (withMod && event.shiftKey && event.key === 'Enter') {
            // The step whose card holds the focus, else the first: the one a builder is most likely looking at.
            var card = event.target.closest ? event.target.closest('.step-card') : null;
            var button = (card && card.querySelector('[data-test-step]')) || document.querySelector('[data-test-step]');
            if (button) {
                event.preventDefault();
                button.click();
            }
        } else if (withMod && event.key === 'Enter') {
            if (press('[data-shortcut="run"]')) {
                event.preventDefault();
            }
        } else if (!withMod && !event.altKey && !typing(event.target) && !document.querySelector('dialog[open]')) {
            if (event.key === '?') {
                event.preventDefault();
                showHelp();
            } else if (event.key === '/') {
                event.preventDefault();
                var search = document.querySelector('[data-search-field]');
                if (search) {
                    search.focus();
                } else {
                    showPalette();
                }
            }
        }
    });

    // ---- unsaved changes in the editor -------------------------------------------------------------------------
    var editor = document.querySelector('form.workflow-form');
    if (editor) {
        var dirty = false;
        editor.addEventListener('input', function () { dirty = true; });
        editor.addEventListener('submit', function () { dirty = false; });
        window.addEventListener('beforeunload', function (event) {
            if (dirty) {
                event.preventDefault();
                event.returnValue = '';
            }
        });
        // In-page navigation (links, other forms) asks in the page's own words; the browser's prompt stays for the rest.
        document.addEventListener('click', function (event) {
            var link = event.target.closest && event.target.closest('a[href]');
            if (dirty && link && !link.hasAttribute('download') && link.getAttribute('href').charAt(0) !== '#') {
                if (window.confirm('Leave this page? Your unsaved changes to the workflow will be lost.')) {
                    dirty = false;
                } else {
                    event.preventDefault();
                }
            }
        }, true);
        document.addEventListener('submit', function (event) {
            if (dirty && event.target !== editor && !event.defaultPrevented) {
                if (window.confirm('Leave this page? Your unsaved changes to the workflow will be lost.')) {
                    dirty = false;
                } else {
                    event.preventDefault();
                }
            }
        }, true);
    }
})();
