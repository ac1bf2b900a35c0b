package dev.courier.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small line plot as inline SVG: linear or logarithmic axes, a few series, a legend. */
final class Svg {

    /** One line: points (x, y), a colour and an SVG dash pattern ("" for solid). */
    record Series(String name, String colour, String dash, List<double[]> points) {
    }

    private static final int WIDTH = 720;
    private static final int HEIGHT = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private Svg() {
    }

    static String plot(String title, String xLabel, String yLabel, boolean logX, boolean logY, List<Series> series,
                       Double horizontalLine) {
        List<double[]> all = new ArrayList<>();
        series.forEach(s -> all.addAll(s.points()));
        if (horizontalLine != null) {
            all.add(new double[] {Double.NaN, horizontalLine});
        }
        Axis x = Axis.of(all.stream().mapToDouble(p -> p[0]).filter(Double::isFinite).toArray(), logX);
        Axis y = Axis.of(all.stream().mapToDouble(p -> p[1]).filter(Double::isFinite).toArray(), logY);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
        svg.append(text(LEFT + plotWidth / 2.0, 18, title, "middle", 13));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", LEFT, TOP, plotWidth, plotHeight));
        for (double tick : x.ticks()) {
            double px = LEFT + x.position(tick) * plotWidth;
            svg.append(line(px, TOP, px, TOP + plotHeight, "#eee", ""));
            svg.append(text(px, TOP + plotHeight + 15, Report.number(tick), "middle", 11));
        }
        for (double tick : y.ticks()) {
            double py = TOP + (1 - y.position(tick)) * plotHeight;
            svg.append(line(LEFT, py, LEFT + plotWidth, py, "#eee", ""));
            svg.append(text(LEFT - 5, py + 4, Report.number(tick), "end", 11));
        }
        svg.append(text(LEFT + plotWidth / 2.0, HEIGHT - 12, xLabel, "middle", 12));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" "
                + "transform=\"rotate(-90 14 %.1f)\">%s</text>%n", TOP + plotHeight / 2.0, TOP + plotHeight / 2.0,
                Table.escape(yLabel)));
        if (horizontalLine != null) {
            double py = TOP + (1 - y.position(horizontalLine)) * plotHeight;
            svg.append(line(LEFT, py, LEFT + plotWidth, py, "#999", "4 4"));
        }
        int legendY = TOP + 10;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (double[] p : s.points()) {
                double px = LEFT + x.position(p[0]) * plotWidth;
                double py = TOP + (1 - y.position(p[1])) * plotHeight;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n",
                        px, py, s.colour()));
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"1.8\" stroke-dasharray=\"%s\"/>%n", points.toString().trim(), s.colour(),
                    s.dash()));
            svg.append(line(WIDTH - RIGHT + 12, legendY, WIDTH - RIGHT + 40, legendY, s.colour(), s.dash()));
            svg.append(text(WIDTH - RIGHT + 45, legendY + 4, s.name(), "start", 11));
            legendY += 16;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, String dash) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"1.5\" stroke-dasharray=\"%s\"/>%n", x1, y1, x2, y2, colour, dash);
    }

    private static String text(double x, double y, String text, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x, y, anchor, size, Table.escape(text));
    }

    /** An axis: the data range mapped onto [0, 1], linear or log10, with round tick values. */
    record Axis(double min, double max, boolean log) {

        static Axis of(double[] values, boolean log) {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (double v : values) {
                if (log && v <= 0) {
                    continue;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (min > max) {
                min = log ? 1 : 0;
                max = log ? 10 : 1;
            }
            if (log) {
                double low = Math.pow(10, Math.floor(Math.log10(min)));
                return new Axis(low, Math.max(low * 10, Math.pow(10, Math.ceil(Math.log10(max)))), true);
            }
            double step = niceStep(max - Math.min(0, min));
            return new Axis(Math.min(0, Math.floor(min / step) * step), Math.max(step, Math.ceil(max / step) * step),
                    false);
        }

        double position(double value) {
            if (log) {
                double v = Math.max(value, min);
                return (Math.log10(v) - Math.log10(min)) / Math.max(1e-9, Math.log10(max) - Math.log10(min));
            }
            return (value - min) / Math.max(1e-9, max - min);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double decade = min; decade <= max * 1.0001; decade *= 10) {
                    for (int m : new int[] {1, 2, 5}) {
                        if (decade * m <= max * 1.0001) {
                            ticks.add(decade * m);
                        }
                    }
                }
            } else {
                double step = niceStep(max - min);
                for (double t = min; t <= max + step / 1000; t += step) {
                    ticks.add(t);
                }
            }
            return ticks;
        }

        /** A round step (1, 2 or 5 × 10^n) giving about five ticks. */
        static double niceStep(double range) {
            if (range <= 0) {
                return 1;
            }
            double raw = range / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double fraction = raw / magnitude;
            return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
        }
    }
}
