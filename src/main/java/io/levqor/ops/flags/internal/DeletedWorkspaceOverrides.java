package io.levqor.ops.flags.internal;

import io.levqor.identity.WorkspaceDeleted;
import io.levqor.ops.flags.jdbc.FlagRepository;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Forgets a deleted workspace's flag overrides (idempotent: a second delivery finds none). */
@Component
class DeletedWorkspaceOverrides {

    private final FlagRepository repository;

    DeletedWorkspaceOverrides(FlagRepository repository) {
        this.repository = repository;
    }

    @ApplicationModuleListener
    void on(WorkspaceDeleted event) {
        repository.deleteOverrides(event.workspace().value());
    }
}
