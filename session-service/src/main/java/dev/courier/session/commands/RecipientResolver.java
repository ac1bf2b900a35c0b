package dev.courier.session.commands;

import dev.courier.contracts.api.UserView;
import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.frames.Recipient;
import dev.courier.session.accounts.Accounts;
import dev.courier.session.accounts.UserDirectory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Who must receive a send, and in which conversation. A direct send needs a peer that exists and is active; a send
 * to oneself is allowed (a "note to self" conversation). Throws when the lookup itself failed.
 */
@Component
class RecipientResolver {

    private final Accounts accounts;
    private final UserDirectory directory;

    RecipientResolver(Accounts accounts, UserDirectory directory) {
        this.accounts = accounts;
        this.directory = directory;
    }

    Resolution resolve(String senderId, Recipient to) {
        return to.isGroup() ? group(senderId, to.group()) : direct(senderId, to.user());
    }

    private Resolution direct(String senderId, String peerId) {
        if (!peerId.equals(senderId)) {
            if (accounts.isDeactivated(peerId)) {
                return new Resolution.NotFound("unknown user");
            }
            Optional<UserView> peer = directory.find(peerId);
            if (peer.isEmpty() || !UserDirectory.isActive(peer.get())) {
                return new Resolution.NotFound("unknown user");
            }
        }
        return new Resolution.Resolved(ConversationIds.direct(senderId, peerId), List.of(peerId));
    }

    /**
     * The seam for groups: group-service will answer whether the sender is a member (else forbidden) and who the
     * other members are (the conversation id is the group id). Until then no group exists.
     */
    private Resolution group(String senderId, String groupId) {
        return new Resolution.NotFound("unknown group");
    }

    /** The outcome of resolving a send's {@code to}. */
    sealed interface Resolution {

        record Resolved(String conversationId, List<String> recipientUserIds) implements Resolution {
        }

        record NotFound(String message) implements Resolution {
        }
    }
}
