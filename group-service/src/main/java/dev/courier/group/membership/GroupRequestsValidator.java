package dev.courier.group.membership;

import dev.courier.contracts.api.AddMemberRequest;
import dev.courier.contracts.api.CreateGroupRequest;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The edge checks of group request bodies (the records live in contracts, which carries no validation
 * annotations). A rejection becomes a 400 ProblemDetail through Spring MVC's {@code @Valid} handling. The size
 * limit is not checked here: it counts the creator and collapses duplicates, see {@link MembershipRules}.
 */
class GroupRequestsValidator implements Validator {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_USER_ID_LENGTH = 64;

    @Override
    public boolean supports(Class<?> type) {
        return CreateGroupRequest.class.equals(type) || AddMemberRequest.class.equals(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        switch (target) {
            case CreateGroupRequest create -> {
                if (create.name() == null || create.name().isBlank()) {
                    errors.rejectValue("name", "blank", "must not be blank");
                } else if (create.name().length() > MAX_NAME_LENGTH) {
                    errors.rejectValue("name", "size", "must be at most " + MAX_NAME_LENGTH + " characters");
                } else if (create.name().codePoints().anyMatch(Character::isISOControl)) {
                    errors.rejectValue("name", "control", "must not contain control characters");
                }
                if (create.members() != null && create.members().stream().anyMatch(id -> !validUserId(id))) {
                    errors.rejectValue("members", "userId",
                            "must be user ids (1 to " + MAX_USER_ID_LENGTH + " characters)");
                }
            }
            case AddMemberRequest add -> {
                if (!validUserId(add.userId())) {
                    errors.rejectValue("userId", "userId",
                            "must be a user id (1 to " + MAX_USER_ID_LENGTH + " characters)");
                }
            }
            default -> throw new IllegalArgumentException("Unsupported " + target.getClass());
        }
    }

    private static boolean validUserId(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_USER_ID_LENGTH;
    }
}
