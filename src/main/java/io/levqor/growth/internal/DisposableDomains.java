package io.levqor.growth.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;

/** The disposable-mail domains: the shipped list plus the configured ones; a subdomain of a listed domain counts. */
public final class DisposableDomains {

    static final String RESOURCE = "growth/disposable-domains.txt";

    private final Set<String> domains;

    public DisposableDomains(Collection<String> domains) {
        Set<String> all = new HashSet<>();
        for (String domain : domains) {
            String clean = domain.strip().toLowerCase(Locale.ROOT);
            if (!clean.isEmpty() && !clean.startsWith("#")) {
                all.add(clean);
            }
        }
        this.domains = Set.copyOf(all);
    }

    /** The shipped list with {@code extra} added. */
    public static DisposableDomains shippedPlus(Collection<String> extra) {
        Set<String> all = new HashSet<>(extra);
        try (var reader = new BufferedReader(
                new InputStreamReader(new ClassPathResource(RESOURCE).getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(all::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        return new DisposableDomains(all);
    }

    public boolean contains(String domain) {
        String candidate = domain.toLowerCase(Locale.ROOT);
        while (!candidate.isEmpty()) {
            if (domains.contains(candidate)) {
                return true;
            }
            int dot = candidate.indexOf('.');
            candidate = dot < 0 ? "" : candidate.substring(dot + 1);
        }
        return false;
    }

    public int size() {
        return domains.size();
    }
}
