"""What happens when the review workflow ends in approval: the approved revision is published."""


def publish_approved_revision(workflow_state, user=None):
    """Publish the revision the workflow approved, in the name of the approving reviewer.

    Wagtail's default finish action checks that the approver holds the publish
    permission. Here only 管理员 hold it (nobody else may publish without review), and
    the reviewer's approval is exactly what authorises this publication, so the check
    is skipped. The publish is logged with the reviewer as its user.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
