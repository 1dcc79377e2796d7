package dev.fusering.sample.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads samples out of a Prometheus text exposition ({@code /actuator/prometheus}): enough for a test to add
 * up the samples of one metric whose labels match.
 */
final class PrometheusSamples {

    /** {@code name{labels} value [timestamp]}; the labels are optional. */
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");

    /** {@code label="value"} inside the braces; values may hold escaped quotes. */
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    /**
     * Wraps a scrape.
     *
     * @param text the body of {@code /actuator/prometheus}
     */
    PrometheusSamples(String text) {
        this.text = text;
    }

    /**
     * Adds up the samples of a metric whose labels include all the given ones.
     *
     * @param metric the sample name, e.g. {@code fuse_requests_seconds_count}
     * @param labels labels the sample must carry with these values (others are ignored)
     * @return the sum, 0 when no sample matches
     */
    double sum(String metric, Map<String, String> labels) {
        double sum = 0;
        for (double value : values(metric, labels)) {
            sum += value;
        }
        return sum;
    }

    /**
     * Tells whether the scrape has at least one sample of a metric with the given labels.
     *
     * @param metric the sample name
     * @param labels labels the sample must carry
     * @return whether such a sample exists
     */
    boolean contains(String metric, Map<String, String> labels) {
        return !values(metric, labels).isEmpty();
    }

    private List<Double> values(String metric, Map<String, String> labels) {
        List<Double> values = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.strip());
            if (m.matches() && m.group(1).equals(metric)
                    && labelsOf(m.group(2)).entrySet().containsAll(labels.entrySet())) {
                values.add(Double.parseDouble(m.group(3)));
            }
        }
        return values;
    }

    private static Map<String, String> labelsOf(String braces) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (braces == null) {
            return labels;
        }
        Matcher m = LABEL.matcher(braces);
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
        }
        return labels;
    }
}
