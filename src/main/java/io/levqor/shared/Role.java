package io.levqor.shared;

import java.util.Locale;

/** A member's role in a workspace, highest first; each role may do all that the roles below it may. */
public enum Role {
    OWNER,
    ADMIN,
    MANAGER,
    USER,
    VIEWER;

    /** True when this role may do what {@code required} may. */
    public boolean atLeast(Role required) {
        return ordinal() <= required.ordinal();
    }

    /** The lower-case name used in the API ({@code "manager"}). */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromApiName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
