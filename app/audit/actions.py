"""Every action the audit trail can hold, stated once: the code records these and nothing
else (`record` takes an `Action`), and the trail's filter is derived from their kinds."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What the trail filters by: the part of an action before its dot."""

    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    SECOND_FACTOR = "second_factor"
    RECOVERY_CODES = "recovery_codes"
    PASSWORD = "password"
    ACCOUNT = "account"
    CONTENT = "content"
    PROCEDURE = "procedure"
    RECORDING = "recording"
    REMINDERS = "reminders"
    NEWS = "news"
    FEEDBACK = "feedback"
    QUESTIONS = "questions"
    CALLBACKS = "callbacks"
    DEPARTMENT = "department"
    AUDIO = "audio"
    JOB = "job"
    AUDIT = "audit"

    @property
    def label(self) -> str:
        """How the trail's filter names it."""
        return _LABELS[self]


_LABELS = {
    Kind.SIGN_IN: "Signing in",
    Kind.SIGN_OUT: "Signing out",
    Kind.SECOND_FACTOR: "Second factor",
    Kind.RECOVERY_CODES: "Recovery codes",
    Kind.PASSWORD: "Password changes",
    Kind.ACCOUNT: "Accounts",
    Kind.CONTENT: "Clinical content: drafts, reviews, publishing",
    Kind.PROCEDURE: "The department's scans: switched on or off",
    Kind.RECORDING: "Recordings",
    Kind.REMINDERS: "Review reminders",
    Kind.NEWS: "News told to staff: submissions, send-backs, publications, call-back requests",
    Kind.FEEDBACK: "Patients' comments",
    Kind.QUESTIONS: "Unanswered questions: kept or not, read, removed",
    Kind.CALLBACKS: "Call-back requests: asked for, read, called back or not, removed",
    Kind.DEPARTMENT: "The department's settings",
    Kind.AUDIO: "Audio",
    Kind.JOB: "Jobs",
    Kind.AUDIT: "The audit trail",
}


class Action(StrEnum):
    """One thing a person (or the command line) did, as the trail names it."""

    SIGN_IN_PASSWORD_ACCEPTED = "sign_in.password_accepted"
    SIGN_IN_SUCCEEDED = "sign_in.succeeded"
    SIGN_IN_FAILED = "sign_in.failed"
    SIGN_OUT = "sign_out"
    SECOND_FACTOR_SET_UP = "second_factor.set_up"
    SECOND_FACTOR_RESET = "second_factor.reset"
    RECOVERY_CODES_REPLACED = "recovery_codes.replaced"
    PASSWORD_CHANGED = "password.changed"
    ACCOUNT_CREATED = "account.created"
    ACCOUNT_RENAMED = "account.renamed"
    ACCOUNT_ROLE_CHANGED = "account.role_changed"
    ACCOUNT_DEACTIVATED = "account.deactivated"
    ACCOUNT_REACTIVATED = "account.reactivated"
    ACCOUNT_PASSWORD_RESET = "account.password_reset"
    ACCOUNT_LINK_ISSUED = "account.link_issued"
    ACCOUNT_LINK_USED = "account.link_used"
    ACCOUNT_LINK_REFUSED = "account.link_refused"
    ACCOUNT_ANNOUNCED = "account.announced"
    ACCOUNT_LINKED = "account.linked"  # to the person at the OpenID provider (single sign-on)
    CONTENT_DRAFT_SAVED = "content.draft_saved"
    CONTENT_SUBMITTED = "content.submitted"
    CONTENT_SENT_BACK = "content.sent_back"
    CONTENT_PUBLISHED = "content.published"
    CONTENT_ROLLED_BACK = "content.rolled_back"
    CONTENT_DRAFT_DISCARDED = "content.draft_discarded"
    CONTENT_OUTSIDE_DISCARDED = "content.outside_discarded"
    PROCEDURE_ENABLED = "procedure.enabled"
    PROCEDURE_DISABLED = "procedure.disabled"
    RECORDING_ADDED = "recording.added"
    RECORDING_APPROVED = "recording.approved"
    RECORDING_REPUBLISHED = "recording.republished"
    RECORDING_REFUSED = "recording.refused"
    REMINDERS_SENT = "reminders.sent"
    NEWS_ANNOUNCED = "news.announced"
    FEEDBACK_PRUNED = "feedback.pruned"
    QUESTIONS_KEEPING_ON = "questions.keeping_on"
    QUESTIONS_KEEPING_OFF = "questions.keeping_off"
    QUESTIONS_READ = "questions.read"
    QUESTIONS_PRUNED = "questions.pruned"
    CALLBACKS_ASKED = "callbacks.asked"
    CALLBACKS_READ = "callbacks.read"
    CALLBACKS_CALLED = "callbacks.called"
    CALLBACKS_UNREACHED = "callbacks.unreached"
    CALLBACKS_PRUNED = "callbacks.pruned"
    DEPARTMENT_CHANGED = "department.changed"
    AUDIO_REFRESHED = "audio.refreshed"
    AUDIO_RENDER_AGAIN = "audio.render_again"
    JOB_RETRIED = "job.retried"
    AUDIT_EXPORTED = "audit.exported"
    AUDIT_PRUNED = "audit.pruned"

    @property
    def kind(self) -> Kind:
        """The filter it is found under."""
        return Kind(self.value.split(".", 1)[0])
