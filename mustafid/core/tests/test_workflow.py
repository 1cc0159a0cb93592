"""The declared workflows (DESIGN rule 3): well formed, every state reachable, only final states dead ends."""

import pytest

from mustafid.core.workflow import Action, State, Workflow, registered_workflows, workflow_for


def test_every_app_declares_its_workflows_at_start_up():
    labels = {flow.model for flow in registered_workflows()}
    assert {"requests.servicerequest", "committees.meeting", "entitlements.instalment"} <= labels


@pytest.mark.parametrize("flow", registered_workflows(), ids=lambda f: f.model)
def test_every_state_is_reachable_and_only_final_states_are_dead_ends(flow):
    assert flow.reachable() == set(flow.states)
    for state in flow.states.values():
        leaves = any(state.value in action.moves for action in flow.actions.values())
        assert leaves != state.final, (flow.model, state.value)
    for action in flow.actions.values():
        assert action.permission is None or action.permission.count(".") == 1


@pytest.mark.parametrize("flow", registered_workflows(), ids=lambda f: f.model)
def test_each_workflow_is_found_by_its_model(flow):
    assert workflow_for(flow.model) is flow


def test_a_table_that_names_an_unknown_state_or_leaves_a_final_one_is_refused_at_import():
    with pytest.raises(ValueError):
        Workflow(model="x.unknown", initial="a", states=[State("a")], actions=[Action("go", "go", None, {"a": "b"})])
    with pytest.raises(ValueError):
        Workflow(
            model="x.final",
            initial="a",
            states=[State("a"), State("b", final=True)],
            actions=[Action("back", "back", None, {"b": "a"})],
        )
    with pytest.raises(ValueError):
        State("a", tone="pink")


def test_a_refused_step_names_the_step_and_the_state_in_the_users_language():
    from django.apps import apps
    from django.utils.translation import override

    flow = workflow_for("entitlements.instalment")
    instalment = apps.get_model(flow.model)(**{flow.field: "delivered"})
    with override("ar"):
        message = flow.refuse("deliver", instalment).messages[0]
        step = str(flow.actions["deliver"].label)
        state = instalment.get_status_display()
    assert flow.refuse("deliver", instalment).code == "bad_transition"
    assert step in message and state in message
    assert any("\u0600" <= ch <= "\u06ff" for ch in step + state)
