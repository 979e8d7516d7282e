// Draws the charts whose data the server put in a data-chart attribute (no inline scripts under the CSP).
(function () {
    'use strict';
    if (typeof window.Chart === 'undefined') {
        return;
    }
    var canvas = document.getElementById('usage-chart');
    if (canvas) {
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
    }
    // One series over time: {labels, label, values}.
    Array.prototype.forEach.call(document.querySelectorAll('canvas.line-chart'), function (line) {
        var series = JSON.parse(line.getAttribute('data-chart') || '{}');
        new window.Chart(line, {
            type: 'line',
            data: {
                labels: series.labels || [],
                datasets: [{ label: series.label || '', data: series.values || [], borderColor: '#1f4fd1',
                             backgroundColor: '#1f4fd1', pointRadius: 2, borderWidth: 2 }]
            },
            options: {
                animation: false,
                maintainAspectRatio: false,
                scales: { y: { beginAtZero: true }, x: { ticks: { maxTicksLimit: 8 } } }
            }
        });
    });
})();
