package io.levqor.console.workflows;

import java.util.ArrayList;
import java.util.List;

/** A line diff by longest common subsequence: fine for definitions of a few hundred lines. */
final class LineDiff {

    /** One line of the diff: {@code kind} is {@code same}, {@code add} or {@code del}. */
    record Line(String kind, String text) {}

    static List<Line> between(String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                lines.add(new Line("same", "  " + a[i]));
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                lines.add(new Line("del", "- " + a[i++]));
            } else {
                lines.add(new Line("add", "+ " + b[j++]));
            }
        }
        while (i < a.length) {
            lines.add(new Line("del", "- " + a[i++]));
        }
        while (j < b.length) {
            lines.add(new Line("add", "+ " + b[j++]));
        }
        return lines;
    }

    private LineDiff() {}
}
