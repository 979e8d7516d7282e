// Applies the theme the user chose (console.css follows the system until then) before the page paints, so a dark
// choice never flashes light. Loaded blocking and tiny; a file because the CSP forbids inline scripts.
(function () {
    'use strict';
    try {
        var theme = window.localStorage.getItem('levqor-theme');
        if (theme === 'dark' || theme === 'light') {
            document.documentElement.setAttribute('data-theme', theme);
        }
    } catch (ignored) { /* storage blocked: follow the system */ }
})();
