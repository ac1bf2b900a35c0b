package dev.courier.lastseen.presence;

import dev.courier.contracts.events.DeviceSession;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The connected devices of any users, as the database has them: every owner writes its users' sessions on change. */
@Component
public class ConnectedDevices {

    private final PresenceStore store;

    ConnectedDevices(PresenceStore store) {
        this.store = store;
    }

    /** Foreground or background; users without a connected device are absent. */
    public Map<String, List<DeviceSession>> of(Collection<String> userIds) {
        return store.devicesOf(userIds);
    }
}
