// Draws the charts whose data the server put in a data-chart attribute (no inline scripts under the CSP).
(function () {
    'use strict';
    var canvas = document.getElementById('usage-chart');
    if (!canvas || typeof window.Chart === 'undefined') {
        return;
    }
    var data = JSON.parse(canvas.getAttribute('data-chart') || '{}');
    new window.Chart(canvas, {
        type: 'bar',
        data: {
            labels: data.labels || [],
            datasets: [
                { label: 'Runs', data: data.runs || [], backgroundColor: '#1f4fd1' },
                { label: 'Credits used', data: data.credits || [], backgroundColor: '#f0a800' }
            ]
        },
        options: {
            animation: false,
            maintainAspectRatio: false,
            scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
        }
    });
})();
