package dev.courier.session.commands;

import dev.courier.contracts.api.GroupMembers;
import dev.courier.contracts.api.UserView;
import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.frames.Recipient;
import dev.courier.session.accounts.Accounts;
import dev.courier.session.accounts.UserDirectory;
import dev.courier.support.groups.GroupDirectory;
import dev.courier.support.groups.GroupDirectoryConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Who must receive a send, and in which conversation. A direct send needs a peer that exists and is active; a send
 * to oneself is allowed (a "note to self" conversation). A group send needs a group that exists and a sender among
 * its members. Throws when a lookup itself failed.
 */
@Component
@Import(GroupDirectoryConfiguration.class)
class RecipientResolver {

    private final Accounts accounts;
    private final UserDirectory directory;
    private final GroupDirectory groups;

    RecipientResolver(Accounts accounts, UserDirectory directory, GroupDirectory groups) {
        this.accounts = accounts;
        this.directory = directory;
        this.groups = groups;
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
     * group-service's members at send time: the conversation id is the group id, and the recipients are the members
     * but the sender (its other devices are message-service's business). A sender alone in its group still sends.
     */
    private Resolution group(String senderId, String groupId) {
        Optional<GroupMembers> group = groups.members(groupId);
        if (group.isEmpty()) {
            return new Resolution.NotFound("unknown group");
        }
        List<String> members = group.get().members();
        if (!members.contains(senderId)) {
            return new Resolution.Forbidden("not a member of the group");
        }
        return new Resolution.Resolved(groupId,
                members.stream().filter(member -> !member.equals(senderId)).distinct().toList());
    }

    /** The outcome of resolving a send's {@code to}. */
    sealed interface Resolution {

        record Resolved(String conversationId, List<String> recipientUserIds) implements Resolution {
        }

        record NotFound(String message) implements Resolution {
        }

        record Forbidden(String message) implements Resolution {
        }
    }
}
