from keyhound.scan import scan_diff

DIFF = """\
diff --git a/app.py b/app.py
+++ b/app.py
@@ -0,0 +1,2 @@
+import os
+token = os.environ["GITHUB_TOKEN"]
"""


def test_env_reference_is_not_a_finding():
    assert list(scan_diff(DIFF)) == []
