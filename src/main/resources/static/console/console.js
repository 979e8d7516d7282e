// Levqor console behaviour shared by every page. Loaded as a file (the CSP forbids inline scripts);
// pages work without it, it only adds comfort: copy buttons, auto-submitting selects, CSRF for htmx.
(function () {
    'use strict';
    document.documentElement.classList.add('js');

    function csrf() {
        var header = document.querySelector('meta[name="csrf-header"]');
        var token = document.querySelector('meta[name="csrf-token"]');
        return header && token ? { header: header.content, token: token.content } : null;
    }

    // htmx requests that change state carry the same CSRF token as the page's forms.
    document.addEventListener('htmx:configRequest', function (event) {
        var c = csrf();
        if (c && event.detail.verb !== 'get') {
            event.detail.headers[c.header] = c.token;
        }
    });

    function copyText(text, button) {
        var done = function () {
            var label = button.textContent;
            button.textContent = 'Copied';
            button.setAttribute('aria-live', 'polite');
            setTimeout(function () { button.textContent = label; }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
        } else {
            fallbackCopy(text);
            done();
        }
    }

    function fallbackCopy(text) {
        var area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.style.position = 'absolute';
        area.style.left = '-9999px';
        document.body.appendChild(area);
        area.select();
        try { document.execCommand('copy'); } catch (ignored) { /* the text stays selectable on the page */ }
        document.body.removeChild(area);
    }

    document.addEventListener('click', function (event) {
        var button = event.target.closest('[data-copy-from]');
        if (!button) {
            return;
        }
        var source = document.getElementById(button.getAttribute('data-copy-from'));
        if (source) {
            copyText(source.value !== undefined && source.tagName !== 'CODE' ? source.value : source.textContent, button);
        }
    });

    document.addEventListener('change', function (event) {
        var select = event.target.closest('select[data-autosubmit]');
        if (select && select.form) {
            select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
        }
    });

    // Buttons that ask first (delete, revoke): the form says what in data-confirm.
    document.addEventListener('submit', function (event) {
        var form = event.target;
        var question = form.getAttribute && form.getAttribute('data-confirm');
        if (question && !window.confirm(question)) {
            event.preventDefault();
        }
    });

    // The new-credential form shows the fields of the chosen type only; the others are disabled, so they are
    // neither submitted nor required. Without this script every type's fields show, each under its legend.
    function followCredentialType(select) {
        var form = select.form;
        Array.prototype.forEach.call(form.querySelectorAll('fieldset[data-for-type]'), function (fieldset) {
            var chosen = fieldset.getAttribute('data-for-type') === select.value;
            fieldset.hidden = !chosen;
            fieldset.disabled = !chosen;
        });
    }

    document.addEventListener('change', function (event) {
        var select = event.target.closest('select[data-credential-type]');
        if (select) {
            followCredentialType(select);
        }
    });

    Array.prototype.forEach.call(document.querySelectorAll('select[data-credential-type]'), followCredentialType);
})();
