{
  "version": 1,
  "type": "collection",
  "title": "Railway",
  "queries": [
    {
      "version": 1,
      "type": "window",
      "windowName": "My projects",
      "apiUrl": "https://backboard.railway.com/graphql/v2",
      "query": "query Projects { projects { edges { node { id name } } } }",
      "variables": "{}",
      "headers": [
        { "key": "Authorization", "value": "Bearer altair-secret-1", "enabled": true },
        { "key": "X-Request-Source", "value": "altair", "enabled": true },
        { "key": "X-Disabled", "value": "x", "enabled": false }
      ]
    }
  ],
  "collections": [
    {
      "title": "Nested",
      "queries": [
        {
          "windowName": "One project",
          "apiUrl": "https://backboard.railway.com/graphql/v2",
          "query": "query Project($id: String!) { project(id: $id) { name } }",
          "variables": "{\"id\": \"p-1\"}",
          "headers": []
        }
      ]
    }
  ]
}
