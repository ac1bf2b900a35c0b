package dev.courier.session.sessions;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Service-to-service: which sockets a user has open, and on which gateways (never routed by the gateway). */
@RestController
class SessionsController {

    private final SessionRegistry registry;

    SessionsController(SessionRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/internal/sessions/{userId}")
    List<SessionRegistry.OpenSession> openSessions(@PathVariable String userId) {
        return registry.openSessions(userId);
    }
}
