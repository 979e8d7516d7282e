package io.levqor.growth.internal;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Firebase Cloud Messaging HTTP v1, bound to {@code levqor.growth.fcm.*}. Push is off until a service account is
 * set.
 *
 * @param baseUrl where FCM's API is (a local peer in tests)
 * @param serviceAccount the service account's JSON key: the JSON itself, or the path of a file holding it
 * @param tokenUri where the signed JWT is exchanged for an access token; blank: the key's own {@code token_uri}
 * @param projectId the Firebase project; blank: the key's own {@code project_id}
 */
@ConfigurationProperties("levqor.growth.fcm")
public record FcmSettings(
        @DefaultValue("https://fcm.googleapis.com") URI baseUrl,
        @DefaultValue("") String serviceAccount,
        @DefaultValue("") String tokenUri,
        @DefaultValue("") String projectId) {}
