@NullMarked
package io.levqor.connectors.internal.mail;

import org.jspecify.annotations.NullMarked;
