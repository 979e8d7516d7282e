package io.levqor.growth.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): HMAC-SHA1, keyed with the auth token, over the full URL
 * Twilio called followed by each POST parameter's name and value, sorted by name, without separators; base64.
 */
public final class TwilioSignature {

    private TwilioSignature() {}

    /** The signature Twilio would send for these POST parameters at this URL. */
    public static String sign(String authToken, String url, Map<String, List<String>> parameters) {
        StringBuilder data = new StringBuilder(url);
        List<String> names = new ArrayList<>(parameters.keySet());
        names.sort(null);
        for (String name : names) {
            List<String> values = new ArrayList<>(parameters.get(name));
            values.sort(null);
            for (String value : values) {
                data.append(name).append(value);
            }
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** Whether the signature matches at one of the URLs (compared in constant time). */
    static boolean valid(String authToken, List<String> urls, Map<String, List<String>> parameters, String signature) {
        byte[] given = signature.getBytes(StandardCharsets.UTF_8);
        boolean valid = false;
        for (String url : urls) {
            valid |= MessageDigest.isEqual(sign(authToken, url, parameters).getBytes(StandardCharsets.UTF_8), given);
        }
        return valid;
    }
}
