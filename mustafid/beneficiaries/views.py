from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def beneficiary_list(request):
    page = selectors.beneficiary_page(request.user, query=request.GET.get("q", ""), after=_int(request.GET.get("after")))
    return render(request, "beneficiaries/list.html", {"page": page, "q": request.GET.get("q", "")})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
