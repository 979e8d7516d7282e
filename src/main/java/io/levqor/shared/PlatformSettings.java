package io.levqor.shared;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings that concern the whole platform, bound to {@code levqor.*}.
 *
 * @param baseUrl the public URL used in links, webhook URLs and e-mails
 * @param dataDir where the embedded database and generated keys live
 * @param maxBodySize the largest request body accepted anywhere
 */
@ConfigurationProperties("levqor")
public record PlatformSettings(URI baseUrl, Path dataDir, DataSize maxBodySize) {

    /** An absolute URL for a path of this Levqor, e.g. {@code url("/hooks/abc")}. */
    public String url(String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + (path.startsWith("/") ? path : "/" + path);
    }
}
