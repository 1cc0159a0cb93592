"""Staff policy pages (RS-1, RS-2): each person reads and signs; HR publishes and follows the sign-off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mustafid.core.forms import apply_service_error

from . import selectors, services
from .forms import PolicyForm, SignForm, VersionForm
from .models import Policy, PolicySignature, PolicyVersion

MANAGE = services.MANAGE


@login_required
def mine(request):
    return render(
        request,
        "policies/mine.html",
        {"rows": selectors.my_policies(request.user), "first": request.GET.get("first") == "1"},
    )


@login_required
def read(request, pk: int):
    """A version's text; the sign form while it is in force and unsigned by the reader."""
    version = get_object_or_404(PolicyVersion.objects.select_related("policy", "published_by"), pk=pk)
    current = selectors.current_versions().filter(pk=version.pk).exists()
    signature = PolicySignature.objects.filter(version=version, user=request.user).first()
    can_sign = current and signature is None
    form = SignForm(request.POST or None) if can_sign else None
    if request.method == "POST" and form is None:
        messages.error(request, _("This version cannot be signed: it is signed already or no longer in force."))
    elif request.method == "POST" and form is not None and form.is_valid():
        try:
            services.sign_policy(by=request.user, version=version, **form.signing())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("Thank you: your signature of «%(policy)s» is kept.") % {"policy": version.policy}
            )
            return redirect("policies:mine")
    previous = version.policy.versions.filter(number__lt=version.number).order_by("-number").first()
    return render(
        request,
        "policies/read.html",
        {
            "version": version,
            "current": current,
            "signature": signature,
            "form": form,
            "previous": previous,
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def manage(request):
    return render(request, "policies/manage.html", {"rows": selectors.policy_list(request.user)})


@login_required
@permission_required(MANAGE, raise_exception=True)
def new(request):
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.create_policy(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The policy was created: publish its first version."))
            return redirect("policies:publish", policy.pk)
    return render(request, "policies/new.html", {"form": form})


@login_required
@permission_required(MANAGE, raise_exception=True)
def publish(request, pk: int):
    policy = get_object_or_404(Policy, pk=pk)
    latest = policy.versions.order_by("-number").first()
    form = VersionForm(request.POST or None, initial={"text": latest.text if latest else ""})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_version(by=request.user, policy=policy, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("Version %(n)s is in force: the staff who sign it were told.") % {"n": version.number}
            )
            return redirect("policies:signoff", policy.pk)
    return render(request, "policies/publish.html", {"policy": policy, "latest": latest, "form": form})


def _current_of(policy: Policy) -> PolicyVersion | None:
    return selectors.current_versions().filter(policy=policy).first()


@login_required
@permission_required(MANAGE, raise_exception=True)
def signoff(request, pk: int):
    """Who signed the version in force and who has not, per role and per person, in HR's sight (RS-2)."""
    policy = get_object_or_404(Policy, pk=pk)
    version = _current_of(policy)
    figures = selectors.signoff(version, request.user) if version else None
    return render(request, "policies/signoff.html", {"policy": policy, "version": version, "figures": figures})


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def remind(request, pk: int):
    policy = get_object_or_404(Policy, pk=pk)
    version = _current_of(policy)
    sent = services.remind_unsigned(today=timezone.localdate(), only=version) if version else 0
    messages.success(request, _("Reminders put in the outbox: %(n)s.") % {"n": sent})
    return redirect("policies:signoff", policy.pk)
