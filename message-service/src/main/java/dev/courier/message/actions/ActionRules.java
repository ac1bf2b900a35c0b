package dev.courier.message.actions;

import dev.courier.contracts.api.GroupMembers;
import dev.courier.contracts.events.MessageAction;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.frames.ErrorFrame;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who may do what to a message (PROTOCOL.md v1.1, "Message actions"), checked in this order: the message must be
 * there for the actor ({@code not_found}: unknown, a system message, disappeared, deleted for everyone, or one the
 * actor neither sent nor received, so ids cannot be probed); in a group the actor must be a current member
 * ({@code forbidden}); then the action's own rule: an edit by the sender only and within the edit window
 * ({@code forbidden}), of a text message ({@code invalid}); a delete by the sender within the delete window, or by a
 * group admin at any time, even of a message the admin never received ({@code forbidden} otherwise). Pure.
 */
final class ActionRules {

    private final Duration editWindow;
    private final Duration deleteWindow;

    ActionRules(Duration editWindow, Duration deleteWindow) {
        this.editWindow = editWindow;
        this.deleteWindow = deleteWindow;
    }

    /**
     * The error that answers {@code action}, or null when it may be applied. {@code group} is the group's current
     * membership for a group message (empty: group-service does not know the group), null for a direct message;
     * {@code at} is when the actor asked.
     */
    ErrorFrame refusal(MessageActionAuthorized action, TargetMessage message, Optional<GroupMembers> group,
                       Instant at) {
        String actor = action.actor().userId();
        String ref = action.actionId();
        if (message == null || !message.isLive()) {
            return new ErrorFrame(ErrorFrame.NOT_FOUND, "no such message", ref);
        }
        boolean admin = message.isGroup() && group.isPresent() && group.get().isMember(actor)
                && group.get().isAdmin(actor);
        boolean adminDelete = admin && action.action() == MessageAction.DELETE;
        if (!message.isSeenBy(actor) && !adminDelete) {
            return new ErrorFrame(ErrorFrame.NOT_FOUND, "no such message", ref);
        }
        if (message.isGroup() && (group.isEmpty() || !group.get().isMember(actor))) {
            return new ErrorFrame(ErrorFrame.FORBIDDEN, "not a member of the group", ref);
        }
        boolean sender = message.senderId.equals(actor);
        return switch (action.action()) {
            case REACT -> action.emoji() == null ? new ErrorFrame(ErrorFrame.INVALID, "emoji is required", ref) : null;
            case EDIT -> {
                if (!sender) {
                    yield new ErrorFrame(ErrorFrame.FORBIDDEN, "only the sender can edit a message", ref);
                }
                if (at.isAfter(message.sentAt.plus(editWindow))) {
                    yield new ErrorFrame(ErrorFrame.FORBIDDEN, "too late to edit: a message can be edited for "
                            + describe(editWindow) + " after it was sent", ref);
                }
                if (message.body == null || message.body.text() == null) {
                    yield new ErrorFrame(ErrorFrame.INVALID, "only a text message can be edited", ref);
                }
                yield action.body() == null || action.body().text() == null
                        ? new ErrorFrame(ErrorFrame.INVALID, "body must have text", ref) : null;
            }
            case DELETE -> {
                if (admin || (sender && !at.isAfter(message.sentAt.plus(deleteWindow)))) {
                    yield null;
                }
                yield sender ? new ErrorFrame(ErrorFrame.FORBIDDEN, "too late to delete for everyone: a message can "
                        + "be deleted for " + describe(deleteWindow) + " after it was sent", ref)
                        : new ErrorFrame(ErrorFrame.FORBIDDEN, "only the sender or a group admin can delete a message",
                        ref);
            }
        };
    }

    private static String describe(Duration window) {
        if (window.toMinutes() > 0 && window.toSeconds() % 60 == 0) {
            return window.toHours() > 0 && window.toMinutes() % 60 == 0 ? window.toHours() + " hours"
                    : window.toMinutes() + " minutes";
        }
        return window.toMillis() + " ms";
    }
}
