@NullMarked
package io.levqor.workflow.credentials.web;

import org.jspecify.annotations.NullMarked;
