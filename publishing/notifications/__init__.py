"""Team notifications: 企业微信, 钉钉 and 飞书 group robots and e-mail, told about deliveries, reviews and reports."""
