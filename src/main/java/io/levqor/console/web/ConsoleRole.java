package io.levqor.console.web;

import io.levqor.shared.Role;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The least role a console handler needs; enforced in one place by {@link ConsoleRoleInterceptor}. */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ConsoleRole {
    Role value();
}
