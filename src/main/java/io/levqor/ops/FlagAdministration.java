package io.levqor.ops;

import io.levqor.billing.Plans;
import io.levqor.identity.AuditTrail;
import io.levqor.ops.FeatureFlag.Allocation;
import io.levqor.ops.flags.internal.FlagCache;
import io.levqor.ops.flags.jdbc.FlagRepository;
import io.levqor.shared.Caller;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator's feature flags: list, read, create or replace, delete. Each change is written with its entry in the
 * operator's workspace audit log in one transaction, applies on this node before the call returns and on the others
 * within a second (NOTIFY, polling behind it). Callers check that the caller is the operator.
 */
@Service
public class FlagAdministration {

    private static final Logger log = LoggerFactory.getLogger(FlagAdministration.class);
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final List<String> BOOLEAN_VARIANTS = List.of("on", "off");

    private final FlagRepository repository;
    private final FlagCache cache;
    private final Plans plans;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    FlagAdministration(
            FlagRepository repository,
            FlagCache cache,
            Plans plans,
            AuditTrail audit,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.repository = repository;
        this.cache = cache;
        this.plans = plans;
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Every flag, by key. */
    public List<FeatureFlag> list() {
        return repository.all();
    }

    public FeatureFlag get(String key) {
        return repository.find(key).orElseThrow(() -> ProblemException.notFound("flag", key));
    }

    /** Creates or replaces the flag; a 400 names every field that breaks a rule. */
    public FeatureFlag save(Caller caller, String key, FlagChange change) {
        FeatureFlag flag = validate(key, change, AuditTrail.actorOf(caller), clock.instant());
        transactions.executeWithoutResult(status -> {
            boolean created = repository.save(flag);
            audit.record(caller, created ? "flag.created" : "flag.updated", describe(flag));
        });
        reloadHere();
        return get(key);
    }

    public void delete(Caller caller, String key) {
        transactions.executeWithoutResult(status -> {
            if (!repository.delete(key)) {
                throw ProblemException.notFound("flag", key);
            }
            audit.record(caller, "flag.deleted", "flag:" + key);
        });
        reloadHere();
    }

    // The change is committed; should this reload give way (a lock held by a migration), the NOTIFY brings it soon.
    private void reloadHere() {
        try {
            cache.reload();
        } catch (RuntimeException e) {
            log.warn("Flags not reloaded at once on this node; the change notification will", e);
        }
    }

    // The audit target says what the flag serves now, so the log alone tells who switched what when.
    private static String describe(FeatureFlag flag) {
        return "flag:" + flag.key() + " enabled=" + flag.enabled() + " default=" + flag.defaultVariant()
                + " rollout="
                + flag.rollout().stream()
                        .map(a -> a.variant() + ":" + a.percent() + "%")
                        .toList()
                + (flag.plans().isEmpty() ? "" : " plans=" + flag.plans())
                + " overrides=" + flag.overrides().size();
    }

    private FeatureFlag validate(String key, FlagChange change, String actor, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (!KEY.matcher(key).matches()) {
            errors.add(
                    new FieldError("key", "must be 1 to 64 lower-case letters, digits or '-', not starting with '-'"));
        }
        String kind = change.kind() == null ? FeatureFlag.BOOLEAN : change.kind();
        if (!kind.equals(FeatureFlag.BOOLEAN) && !kind.equals(FeatureFlag.VARIANT)) {
            errors.add(new FieldError("kind", "must be boolean or variant"));
            throw new ValidationFailed(errors);
        }
        String description = change.description() == null ? "" : change.description();
        if (description.length() > 500) {
            errors.add(new FieldError("description", "must be at most 500 characters"));
        }
        List<String> variants = variants(kind, change.variants(), errors);
        String defaultVariant = change.defaultVariant();
        if (defaultVariant == null) {
            if (kind.equals(FeatureFlag.BOOLEAN)) {
                defaultVariant = "off";
            } else {
                errors.add(new FieldError("defaultVariant", "is required"));
                defaultVariant = "";
            }
        } else if (!variants.contains(defaultVariant)) {
            errors.add(new FieldError("defaultVariant", "must be one of " + variants));
        }
        List<Allocation> rollout = rollout(change.rollout(), variants, errors);
        List<String> targeted = plans(change.plans(), errors);
        Map<String, String> overrides = overrides(change.overrides(), variants, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return new FeatureFlag(
                key,
                kind,
                description,
                change.enabled() == null || change.enabled(),
                variants,
                defaultVariant,
                rollout,
                targeted,
                overrides,
                now,
                actor);
    }

    private static List<String> variants(String kind, @Nullable List<String> given, List<FieldError> errors) {
        if (kind.equals(FeatureFlag.BOOLEAN)) {
            if (given != null && !Set.copyOf(given).equals(Set.copyOf(BOOLEAN_VARIANTS))) {
                errors.add(new FieldError("variants", "of a boolean flag are on and off"));
            }
            return BOOLEAN_VARIANTS;
        }
        if (given == null || given.size() < 2 || given.size() > 20) {
            errors.add(new FieldError("variants", "must name 2 to 20 variants"));
            return given == null ? List.of() : List.copyOf(given);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String variant = given.get(i);
            if (variant == null || !VARIANT.matcher(variant).matches()) {
                errors.add(new FieldError("variants/" + i, "must be 1 to 64 letters, digits, '_' or '-'"));
            } else if (!seen.add(variant)) {
                errors.add(new FieldError("variants/" + i, "is a duplicate"));
            }
        }
        return List.copyOf(
                new LinkedHashSet<>(given.stream().filter(v -> v != null).toList()));
    }

    private static List<Allocation> rollout(
            @Nullable List<FlagChange.@Nullable Share> given, List<String> variants, List<FieldError> errors) {
        if (given == null) {
            return List.of();
        }
        List<Allocation> rollout = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < given.size(); i++) {
            FlagChange.Share share = given.get(i);
            String variant = share == null ? null : share.variant();
            Double percent = share == null ? null : share.percent();
            if (variant == null || !variants.contains(variant)) {
                errors.add(new FieldError("rollout/" + i + "/variant", "must be one of " + variants));
            }
            if (percent == null || percent.isNaN() || percent < 0 || percent > 100) {
                errors.add(new FieldError("rollout/" + i + "/percent", "must be between 0 and 100"));
                continue;
            }
            double basisPoints = percent * 100;
            if (Math.abs(basisPoints - Math.rint(basisPoints)) > 1e-6) {
                errors.add(new FieldError("rollout/" + i + "/percent", "has at most two decimals"));
                continue;
            }
            total += (int) Math.rint(basisPoints);
            if (variant != null) {
                rollout.add(new Allocation(variant, (int) Math.rint(basisPoints)));
            }
        }
        if (total > 10_000) {
            errors.add(new FieldError("rollout", "adds up to more than 100 percent"));
        }
        return List.copyOf(rollout);
    }

    private List<String> plans(@Nullable List<String> given, List<FieldError> errors) {
        if (given == null) {
            return List.of();
        }
        for (int i = 0; i < given.size(); i++) {
            String plan = given.get(i);
            if (plan == null || plans.find(plan).isEmpty()) {
                errors.add(new FieldError(
                        "plans/" + i,
                        "must be one of "
                                + plans.all().stream().map(p -> p.id()).toList()));
            }
        }
        return List.copyOf(
                new LinkedHashSet<>(given.stream().filter(p -> p != null).toList()));
    }

    private static Map<String, String> overrides(
            @Nullable Map<String, String> given, List<String> variants, List<FieldError> errors) {
        if (given == null) {
            return Map.of();
        }
        Map<String, String> overrides = new TreeMap<>();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            UUID workspace;
            try {
                workspace = UUID.fromString(entry.getKey());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("overrides/" + entry.getKey(), "is not a workspace id"));
                continue;
            }
            if (entry.getValue() == null || !variants.contains(entry.getValue())) {
                errors.add(new FieldError("overrides/" + entry.getKey(), "must be one of " + variants));
                continue;
            }
            overrides.put(workspace.toString(), entry.getValue());
        }
        return overrides;
    }
}
