-- POST one customer by id alone, so the server reads its features from the online store: a random
-- id of the file $IDS_FILE (one per line) per request, with a bearer token from $TOKEN.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

request = function()
    return wrk.format(nil, nil, nil, '{"customer_id":"' .. ids[math.random(#ids)] .. '"}')
end
