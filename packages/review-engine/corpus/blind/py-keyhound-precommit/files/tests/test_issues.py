from unittest import mock

from keyhound import issues


def test_file_issue_posts_graphql():
    with mock.patch("urllib.request.urlopen") as urlopen:
        urlopen.return_value.__enter__.return_value.read.return_value = b'{"data":{}}'
        import pdb; pdb.set_trace()
        issues.file_issue("leak", "found a key")
    assert urlopen.called
