-- POST one customer (the spec's example payload) with a bearer token from $TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"customer_id":"cust-e5f6g7h8","behavioral_score":30.5,"transactional_value_k":550,"support_ticket_volume_30d":9,"engagement_score":0.25,"contract_days_remaining":45}'
