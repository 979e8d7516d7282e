package io.levqor.shared.web;

import io.levqor.shared.NulCharacters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Every JSON {@code @RequestBody} is checked for NUL characters before it is bound: refused with a 400 naming the
 * field by JSON pointer, since PostgreSQL would refuse it later with a 500 (docs/security.md says why refusing,
 * not stripping, is the rule).
 */
@ControllerAdvice
class NulCharactersAdvice extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage message,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        MediaType type = message.getHeaders().getContentType();
        if (type != null && !type.getSubtype().contains("json") && !type.isCompatibleWith(MediaType.TEXT_PLAIN)) {
            return message;
        }
        byte[] body = message.getBody().readAllBytes();
        NulCharacters.check(body);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }
        };
    }
}
