from __future__ import annotations

from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "vigil.risk"
    label = "risk"
    verbose_name = "Risk"

    def ready(self) -> None:
        from vigil.audit.actions import register
        from vigil.nominals import panels
        from vigil.risk import triggers
        from vigil.risk.panel import panel_context

        register(
            {
                "risk.viewed": "viewed a person's risk record",
                "risk.form.viewed": "opened a risk form",
                "risk.score.viewed": "viewed an actuarial risk score",
                "risk.score.recorded": "scored an actuarial risk tool",
                "risk.arms.viewed": "viewed an ARMS assessment",
                "risk.arms.recorded": "recorded an ARMS assessment",
                "risk.level.proposed": "proposed a risk level",
                "risk.level.approved": "approved a risk level",
                "risk.level.sent_back": "sent back a proposed risk level",
                "risk.plan.viewed": "viewed a risk management plan",
                "risk.plan.started": "started a new version of a risk management plan",
                "risk.plan.changed": "changed a risk management plan",
                "risk.plan.objective.added": "added an objective to a risk management plan",
                "risk.plan.objective.changed": "changed an objective of a risk management plan",
                "risk.plan.action.added": "added an action to a risk management plan",
                "risk.plan.action.changed": "changed an action of a risk management plan",
                "risk.plan.conflict": "was stopped from overwriting another person's change",
                "risk.plan.submitted": "submitted a risk management plan for approval",
                "risk.plan.approved": "signed off a risk management plan",
                "risk.plan.sent_back": "sent back a risk management plan",
                "risk.approvals.viewed": "viewed the risk approvals queue",
                "export.risk_plan.pdf": "printed a risk management plan as PDF",
            }
        )
        panels.register(panels.Panel(order=20, template="risk/_panel.html", context=panel_context))
        triggers.register_defaults()
