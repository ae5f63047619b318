# The worker's employment mode and the employer's unified social credit code.

## The complaint form
employment-mode-label = How do you work? (optional)
employment-mode-hint = If you are not sure, leave it: you can still send the complaint.
employment-mode-choose = Not sure, leave it
employment-mode-dedicated = Dedicated rider (专送)
employment-mode-dedicated-hint = Dedicated (专送): a delivery station sets your shifts, the station manager checks your attendance, and you take orders from one platform only.
employment-mode-crowdsourced = Crowdsourced (众包)
employment-mode-crowdsourced-hint = Crowdsourced (众包): you grab orders in the app whenever you like; nobody sets your shifts.
employment-mode-courier_outlet = Courier outlet (快递网点)
employment-mode-courier_outlet-hint = Courier outlet (快递网点): you work at a courier outlet, delivering and collecting parcels.
employment-mode-ride_hailing = Ride-hailing (网约车)
employment-mode-ride_hailing-hint = Ride-hailing (网约车): you take orders on a ride-hailing app and drive passengers.
employment-mode-other = Other
employment-mode-other-hint = Other: none of these, for example errands or local freight.
employment-credit-code-label = The employer's unified social credit code (optional)
employment-credit-code-hint = 18 digits and letters, printed on the employer's business licence (营业执照). You can also find it by searching the employer's name on the National Enterprise Credit Information Publicity System (国家企业信用信息公示系统). Leave it blank if you do not know it.

## Field errors
field-employment_mode_unknown = Choose one from the list, or leave it blank if you are not sure.
field-credit_code_invalid = This code is not right: it has 18 digits and letters. Check it against the business licence, or leave it blank.

## The console's case page
employment-console-mode = How the worker works
employment-console-credit-code = Unified social credit code
