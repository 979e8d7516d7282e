package io.levqor.billing;

import io.levqor.shared.ProblemException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A payment provider refused or could not be reached ({@code 502}), or is not configured ({@code 503}). */
public class PaymentProviderError extends ProblemException {

    private PaymentProviderError(HttpStatus status, String type, String title, String detail, String provider) {
        super(status, type, title, detail, Map.of("provider", provider));
    }

    public static PaymentProviderError failed(PaymentProvider provider, String detail) {
        return new PaymentProviderError(
                HttpStatus.BAD_GATEWAY,
                "payment-provider-error",
                "Payment provider error",
                provider.apiName() + ": " + detail,
                provider.apiName());
    }

    public static PaymentProviderError notConfigured(PaymentProvider provider, String what) {
        return new PaymentProviderError(
                HttpStatus.SERVICE_UNAVAILABLE,
                "payment-provider-not-configured",
                "Payment provider not configured",
                provider.apiName() + " is not configured: set " + what,
                provider.apiName());
    }
}
