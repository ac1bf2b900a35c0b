package dev.courier.lastseen.privacy;

/**
 * Whether viewer V may see owner O's profile photo and about. Pure. Each follows O's own setting alone:
 * {@code everyone}; {@code contacts} and V is O's contact; never under {@code nobody}. Unlike last seen there is no
 * reciprocity (as WhatsApp does it): hiding one's own photo from someone does not hide theirs. An owner always sees
 * its own.
 */
record ProfileVisibility(boolean profilePhoto, boolean about) {

    static ProfileVisibility between(String viewer, String owner, PrivacySettings.Settings ownerSettings,
                                     boolean contacts) {
        if (viewer.equals(owner)) {
            return new ProfileVisibility(true, true);
        }
        return new ProfileVisibility(ownerSettings.profilePhoto().allows(contacts),
                ownerSettings.about().allows(contacts));
    }
}
