-- wrk script: POST a report as JSON. Every request stores a new report durably.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"reporter":"self","category":"sexual_extortion","description":"Benchmark report: someone threatens to share my pictures unless I pay.","platform":"Instagram","age_band":"13_15","location":"Korce","contact_method":"email","email":"bench@example.al","consent_cpo":true}'

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
