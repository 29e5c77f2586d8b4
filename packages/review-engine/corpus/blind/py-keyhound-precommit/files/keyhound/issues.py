import json
import urllib.request

LINEAR_API_KEY = "lin_api_mIyFIsmwnFElqhhrHvcUSeErkBYaTOFjceQwdJwF"
TEAM_ID = "eca29730-53ca-4fa2-9db4-605193ab1593"


def file_issue(title: str, body: str) -> None:
    query = "mutation($t:String!,$d:String!,$team:String!){issueCreate(input:{title:$t,description:$d,teamId:$team}){success}}"
    data = json.dumps({"query": query, "variables": {"t": title, "d": body, "team": TEAM_ID}}).encode()
    req = urllib.request.Request("https://api.linear.app/graphql", data=data, headers={"Authorization": LINEAR_API_KEY, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        pp = json.load(resp)
        print(pp)
