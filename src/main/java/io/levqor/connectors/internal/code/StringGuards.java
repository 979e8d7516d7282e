package io.levqor.connectors.internal.code;

import java.util.function.ToLongBiFunction;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * The budget is checked between instructions, but one built-in call can build a huge string at once
 * ({@code 'x'.repeat(1e9)}): these wrappers refuse such a call before it allocates. The wrapped original is only
 * reachable from Java, so a script cannot call around the check.
 */
final class StringGuards {

    private StringGuards() {}

    static void install(ScriptableObject global, long maxChars) {
        Scriptable strings = ScriptableObject.getClassPrototype(global, "String");
        Scriptable arrays = ScriptableObject.getClassPrototype(global, "Array");
        guard(global, strings, "repeat", maxChars, (self, args) ->
                (long) Math.min(Long.MAX_VALUE, text(self).length() * Math.max(0, number(args, 0))));
        guard(global, strings, "padStart", maxChars, (self, args) -> (long) number(args, 0));
        guard(global, strings, "padEnd", maxChars, (self, args) -> (long) number(args, 0));
        guard(global, arrays, "join", maxChars, (self, args) -> joined(self, args, maxChars));
    }

    private static void guard(
            ScriptableObject global,
            Scriptable prototype,
            String name,
            long maxChars,
            ToLongBiFunction<Scriptable, Object[]> length) {
        Callable original = (Callable) ScriptableObject.getProperty(prototype, name);
        BaseFunction guarded = new BaseFunction(global, ScriptableObject.getFunctionPrototype(global)) {
            @Override
            public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
                long chars = length.applyAsLong(thisObj, args);
                if (chars > maxChars) {
                    throw CodeSandbox.Budget.tooLong(chars, maxChars);
                }
                return original.call(cx, scope, thisObj, args);
            }

            @Override
            public String getFunctionName() {
                return name;
            }
        };
        ScriptableObject.defineProperty(prototype, name, guarded, ScriptableObject.DONTENUM);
    }

    private static String text(Scriptable self) {
        return Context.toString(self);
    }

    private static double number(Object[] args, int index) {
        double value = args.length > index ? Context.toNumber(args[index]) : 0;
        return Double.isNaN(value) ? 0 : value;
    }

    /** An estimate of what {@code join} builds: the separators plus the members that are strings already. */
    private static long joined(Scriptable self, Object[] args, long maxChars) {
        if (!(self instanceof NativeArray array)) {
            return 0;
        }
        long length = array.getLength();
        long separator = args.length == 0 || Undefined.isUndefined(args[0])
                ? 1
                : Context.toString(args[0]).length();
        long chars = Math.max(0, length - 1) * separator;
        for (long i = 0; i < length && chars <= maxChars && i <= Integer.MAX_VALUE; i++) {
            if (array.get((int) i, array) instanceof CharSequence member) {
                chars += member.length();
            }
        }
        return chars;
    }
}
