"""A step posted after the session expired is kept for the re-login.

The citizen who answered a step while their session ran out would be sent to the login page
and lose what they typed. Instead the posted answers (not files: a browser cannot post them
again) are kept in the new anonymous session, which Django's login carries over
(``cycle_key``), and shown again on the same step after the login: shown, not saved, so the
citizen sees them and sends them on with the step's own buttons."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict

PENDING_STEP = "journey_pending_step"
# A session is no place for a large upload of text: above these the post is not kept.
MAX_KEYS = 500
MAX_CHARS = 100_000


def keep_step_post_across_login(view):
    """login_required, keeping an anonymous POST's answers for after the login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            kept = {
                key: request.POST.getlist(key)
                for key in list(request.POST)[:MAX_KEYS]
                if key not in ("csrfmiddlewaretoken", "action")
            }
            if sum(len(v) for values in kept.values() for v in values) <= MAX_CHARS:
                request.session[PENDING_STEP] = {"path": request.path, "post": kept}
        return redirect_to_login(request.get_full_path())

    return wrapper


def pending_post(request):
    """The answers kept for this step before the login (a QueryDict), or None; taken once."""
    pending = request.session.get(PENDING_STEP)
    if not isinstance(pending, dict) or pending.get("path") != request.path:
        return None
    del request.session[PENDING_STEP]
    post = QueryDict(mutable=True)
    for key, values in (pending.get("post") or {}).items():
        post.setlist(key, [str(value) for value in values])
    return post
