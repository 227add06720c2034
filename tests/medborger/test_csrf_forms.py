"""Every POST form on every page carries a CSRF token.

A form without one passes every unit test (the test client does not check CSRF) and fails for
every person in a browser with 403. So the portal's pages are requested by the personas who see
the most forms, and each HTML answer is parsed: a `<form method="post">` must hold a
`csrfmiddlewaretoken` input, inside it or tied to it with the `form` attribute.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.medborger.url_walk import all_patterns, build_world, fetch, load_ishoj, url_for

CSRF_FIELD = "csrfmiddlewaretoken"


class _FormParser(HTMLParser):
    """Collects the POST forms of a page and which of them carry a CSRF token."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.post_forms: list[dict] = []  # {"id", "action", "has_token"}
        self._open: dict | None = None
        self._tokens_for_ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            form = {
                "id": values.get("id", ""),
                "action": values.get("action", ""),
                "post": values.get("method", "get").lower() == "post",
                "has_token": False,
            }
            self._open = form
            if form["post"]:
                self.post_forms.append(form)
        elif tag == "input" and values.get("name") == CSRF_FIELD and values.get("value"):
            if values.get("form"):
                self._tokens_for_ids.add(values["form"])
            elif self._open is not None:
                self._open["has_token"] = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None

    def forms_without_token(self) -> list[dict]:
        return [
            form
            for form in self.post_forms
            if not form["has_token"] and not (form["id"] and form["id"] in self._tokens_for_ids)
        ]


def forms_without_token(html: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms_without_token()


def test_the_parser_finds_a_post_form_without_a_token():
    page = """
      <form method="post" action="/a/" id="send-form"></form>
      <input type="checkbox" form="send-form" name="stakeholder" value="1">
      <form method="POST" action="/b/"><input type="hidden" name="csrfmiddlewaretoken" value="x">
      </form>
      <form method="get" action="/search/"><input name="q"></form>
      <form method="post" action="/c/" id="c"></form>
      <input type="hidden" form="c" name="csrfmiddlewaretoken" value="y">
    """
    assert [form["action"] for form in forms_without_token(page)] == ["/a/"]


@pytest.fixture
def world(db, steering_member, project_member, coordinator, committee_member, employee):
    load_ishoj()
    return build_world(
        steering_member=steering_member, project_member=project_member, coordinator=coordinator
    )


# The public pages (anonymous), and the staff pages of each role: the project and steering
# groups manage events and invitations, the coordinator the rest. The administrator sees the
# admin's forms.
@pytest.mark.parametrize(
    "persona", ["anonymous", "project_member", "steering_member", "coordinator", "admin_user"]
)
def test_every_post_form_on_every_page_carries_a_csrf_token(persona, world, as_persona):
    client, _ = as_persona(persona)
    missing, pages_with_forms = [], 0
    for pattern in all_patterns():
        if pattern.name.startswith("admin:") != (persona == "admin_user"):
            continue
        for prefix in ("", "/en") if persona == "anonymous" else ("",):
            url = url_for(pattern, world)
            if prefix and not url.startswith("/admin/"):
                url = prefix + url
            response, body = fetch(client, url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html = body.decode(response.charset or "utf-8")
            if 'method="post"' in html.lower():
                pages_with_forms += 1
            missing += [
                f"{url}: form action={form['action']!r}" for form in forms_without_token(html)
            ]
    assert pages_with_forms > 0
    assert not missing, "POST forms without a CSRF token:\n" + "\n".join(missing)
