"""The four roles and what each may do, as data the admin pages and services consult.

The split follows what a hospital's information-governance lead and clinical safety
officer (DCB0129/DCB0160) expect of patient information: two people stand behind every
published word. The editor drafts and listens; the reviewer checks and publishes, and
cannot draft, so nobody publishes their own words. The admin runs the system (accounts,
the line's settings, the audio jobs) and does not write or publish clinical content:
account management is an IT duty, the words are the clinicians'. An admin who also edits
needs a second, separate account, and the audit trail shows both.

Everyone may look at the line's health and statistics. Operations (refresh stale audio,
render again, retry failed jobs) only re-run what is already published, so reviewers may
do them as well as admins; editors may not, so a drafter cannot disturb the live line.
The audit trail is seen by the admin and by the reviewer who signs content off.
"""

from __future__ import annotations

from collections.abc import Mapping

EDITOR = "editor"
REVIEWER = "reviewer"
ADMIN = "admin"
# The department's desk: answers call-back requests (app.callbacks); sees nothing else but
# the line's health and statistics.
DESK = "desk"
ROLES: tuple[str, ...] = (EDITOR, REVIEWER, ADMIN, DESK)

DESCRIPTIONS: Mapping[str, str] = {
    EDITOR: "Drafts changes to the words and listens to them.",
    REVIEWER: "Checks drafts and publishes them.",
    ADMIN: "Manages accounts, the line's settings and its audio jobs.",
    DESK: "Calls back the patients who asked for a call back.",
}

PERMISSIONS: Mapping[str, frozenset[str]] = {
    # audio status, workers and queues, statistics, content checks
    "view_status": frozenset({EDITOR, REVIEWER, ADMIN, DESK}),
    "edit_content": frozenset({EDITOR}),
    "review_content": frozenset({REVIEWER}),
    "publish_content": frozenset({REVIEWER}),
    # refresh stale audio, render again, try failed jobs again
    "run_operations": frozenset({REVIEWER, ADMIN}),
    "view_audit": frozenset({REVIEWER, ADMIN}),
    "manage_accounts": frozenset({ADMIN}),
    "manage_settings": frozenset({ADMIN}),
    # call-back requests: the callers' numbers (decrypted for this only), marking them done
    "handle_callbacks": frozenset({ADMIN, DESK}),
}


def allowed(role: str | None, permission: str) -> bool:
    """Whether `role` may do `permission`; an unknown permission name is a bug, not a no."""
    try:
        roles = PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"no such permission: {permission!r}") from None
    return role in roles


def permissions(role: str | None) -> frozenset[str]:
    """Everything `role` may do."""
    return frozenset(name for name, roles in PERMISSIONS.items() if role in roles)


def with_article(role: str | None) -> str:
    """ "an admin", "a reviewer"; "without a role" for an account given none yet (one made at
    a first single sign-on: it may do nothing until the role map or an admin gives one)."""
    if role is None:
        return "without a role"
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"
