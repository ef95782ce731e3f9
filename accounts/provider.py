# allauth finds the providers of an installed app in its "provider" module.
from .devagent.provider import DevelopmentAgentProvider

provider_classes = [DevelopmentAgentProvider]
