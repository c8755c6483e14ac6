"""SNS SMS: settings, opt-outs, the SMS sandbox, Publish to a phone, sms subscriptions."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError

import hookmock
from hookmock.backends.sns import (
    leave_sms_sandbox,
    notifications,
    opt_out,
    sandbox_otp,
    sms_messages,
)

from helpers import code_of, current_world, error_of

PHONE = "+15555550100"
OTHER = "+15555550101"


def verified(sns: Any, number: str = PHONE) -> str:
    sns.create_sms_sandbox_phone_number(PhoneNumber=number)
    sns.verify_sms_sandbox_phone_number(
        PhoneNumber=number, OneTimePassword=sandbox_otp(current_world(), number)
    )
    return number


# -- SetSMSAttributes / GetSMSAttributes ----------------------------------------------


def test_sms_attributes_round_trip(sns: Any) -> None:
    assert sns.get_sms_attributes()["attributes"] == {}
    settings = {
        "MonthlySpendLimit": "5",
        "DeliveryStatusIAMRole": "arn:aws:iam::123456789012:role/sms-logs",
        "DeliveryStatusSuccessSamplingRate": "10",
        "DefaultSenderID": "MyBrand",
        "DefaultSMSType": "Transactional",
        "UsageReportS3Bucket": "sms-reports",
    }
    sns.set_sms_attributes(attributes=settings)
    assert sns.get_sms_attributes()["attributes"] == settings
    picked = sns.get_sms_attributes(attributes=["DefaultSMSType", "MonthlySpendLimit"])
    assert picked["attributes"] == {"DefaultSMSType": "Transactional", "MonthlySpendLimit": "5"}
    sns.set_sms_attributes(attributes={"DefaultSenderID": ""})
    assert "DefaultSenderID" not in sns.get_sms_attributes()["attributes"]
    other_region = boto3.client("sns", region_name="eu-west-1")
    assert other_region.get_sms_attributes()["attributes"] == {}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MonthlySpendLimit", "-1"),
        ("MonthlySpendLimit", "ten"),
        ("DeliveryStatusSuccessSamplingRate", "101"),
        ("DeliveryStatusSuccessSamplingRate", "1.5"),
        ("DefaultSMSType", "Urgent"),
        ("DefaultSenderID", "TwelveLetter"),
        ("DefaultSenderID", "12345"),
        ("DefaultSenderID", "My Brand"),
        ("DeliveryStatusIAMRole", "arn:aws:iam::123456789012:user/me"),
        ("UsageReportS3Bucket", "No_Such_Bucket"),
    ],
)
def test_sms_attribute_values_are_checked(sns: Any, name: str, value: str) -> None:
    sns.set_sms_attributes(attributes={"DefaultSMSType": "Promotional"})
    valid = (
        ("DefaultSMSType", "Transactional")
        if name != "DefaultSMSType"
        else ("MonthlySpendLimit", "3")
    )
    with pytest.raises(ClientError) as raised:
        sns.set_sms_attributes(attributes=dict([valid, (name, value)]))
    assert error_of(raised) == (
        "InvalidParameter",
        f"Invalid parameter: Attributes Reason: {name}: Invalid value [{value}]",
    )
    assert sns.get_sms_attributes()["attributes"] == {"DefaultSMSType": "Promotional"}


def test_unknown_sms_attribute_is_refused(sns: Any) -> None:
    with pytest.raises(ClientError) as raised:
        sns.set_sms_attributes(attributes={"Colour": "blue"})
    assert code_of(raised) == ("InvalidParameter", 400)
    assert "Colour" in error_of(raised)[1]
    with pytest.raises(ParamValidationError):
        sns.set_sms_attributes()


# -- opting out and in ----------------------------------------------------------------


def test_opt_out_and_back_in(sns: Any) -> None:
    world = current_world()
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=PHONE)["isOptedOut"] is False
    opt_out(world, PHONE)
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=PHONE)["isOptedOut"] is True
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == [PHONE]
    sns.opt_in_phone_number(phoneNumber=PHONE)
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=PHONE)["isOptedOut"] is False
    sns.opt_in_phone_number(phoneNumber=PHONE)  # not opted out: nothing to do
    opt_out(world, PHONE)
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.opt_in_phone_number(phoneNumber=PHONE)
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == [PHONE]
    world.clock.advance(30 * 86400)
    sns.opt_in_phone_number(phoneNumber=PHONE)
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == []


def test_opted_out_numbers_page_by_100(sns: Any) -> None:
    numbers = sorted(f"+1555555{n:04d}" for n in range(250))
    for number in numbers:
        opt_out(current_world(), number)
    first = sns.list_phone_numbers_opted_out()
    assert first["phoneNumbers"] == numbers[:100]
    second = sns.list_phone_numbers_opted_out(nextToken=first["nextToken"])
    third = sns.list_phone_numbers_opted_out(nextToken=second["nextToken"])
    assert second["phoneNumbers"] + third["phoneNumbers"] == numbers[100:]
    assert "nextToken" not in third
    paged = sns.get_paginator("list_phone_numbers_opted_out").paginate()
    assert [n for page in paged for n in page["phoneNumbers"]] == numbers
    with pytest.raises(ClientError) as raised:
        sns.list_phone_numbers_opted_out(nextToken="garbage")
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: nextToken")


@pytest.mark.parametrize("number", ["15555550100", "+0555", "+1555555010012345", "call me"])
def test_phone_numbers_must_be_e164(sns: Any, number: str) -> None:
    for call in (sns.check_if_phone_number_is_opted_out, sns.opt_in_phone_number):
        with pytest.raises(ClientError) as raised:
            call(phoneNumber=number)
        assert error_of(raised) == ("InvalidParameter", "Invalid parameter: phoneNumber")
    with pytest.raises(ValueError, match="not an E"):
        opt_out(current_world(), number)


# -- the SMS sandbox --------------------------------------------------------------------


def test_new_accounts_are_in_the_sandbox(sns: Any) -> None:
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True
    leave_sms_sandbox(current_world())
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is False
    assert boto3.client("sns", region_name="eu-west-1").get_sms_sandbox_account_status()[
        "IsInSandbox"
    ]


def test_sandbox_numbers_are_verified_with_the_otp(sns: Any) -> None:
    world = current_world()
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE, LanguageCode="de-DE")
    listed = sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]
    assert listed == [{"PhoneNumber": PHONE, "Status": "Pending"}]
    otp = sandbox_otp(world, PHONE)
    assert otp.isdigit()
    assert len(otp) == 6
    wrong = "000000" if otp != "000000" else "111111"
    with pytest.raises(sns.exceptions.VerificationException) as raised:
        sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=wrong)
    assert raised.value.response["Error"]["Code"] == "VerificationException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=otp)
    listed = sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]
    assert listed == [{"PhoneNumber": PHONE, "Status": "Verified"}]
    with pytest.raises(sns.exceptions.UserErrorException):
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    with pytest.raises(sns.exceptions.ResourceNotFoundException):
        sns.verify_sms_sandbox_phone_number(PhoneNumber=OTHER, OneTimePassword=otp)
    with pytest.raises(LookupError):
        sandbox_otp(world, OTHER)


def test_a_new_otp_replaces_the_old_five_times_a_day(sns: Any) -> None:
    world = current_world()
    sent = []
    for _ in range(5):
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
        sent.append(sandbox_otp(world, PHONE))
    with pytest.raises(sns.exceptions.UserErrorException):
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    world.clock.advance(86400)
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    latest = sandbox_otp(world, PHONE)
    if latest not in sent:
        with pytest.raises(sns.exceptions.VerificationException):
            sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=sent[0])
    sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=latest)


def test_sandbox_limits_and_deletion(sns: Any) -> None:
    world = current_world()
    numbers = [f"+1555555{n:04d}" for n in range(10)]
    for number in numbers:
        sns.create_sms_sandbox_phone_number(PhoneNumber=number)
    with pytest.raises(sns.exceptions.UserErrorException):
        sns.create_sms_sandbox_phone_number(PhoneNumber="+447700900123")
    with pytest.raises(sns.exceptions.UserErrorException):
        sns.delete_sms_sandbox_phone_number(PhoneNumber=numbers[0])
    world.clock.advance(86400)
    sns.delete_sms_sandbox_phone_number(PhoneNumber=numbers[0])
    with pytest.raises(sns.exceptions.ResourceNotFoundException):
        sns.delete_sms_sandbox_phone_number(PhoneNumber=numbers[0])
    sns.create_sms_sandbox_phone_number(PhoneNumber="+447700900123")
    opt_out(world, "+447700900124")
    with pytest.raises(sns.exceptions.OptedOutException):
        sns.create_sms_sandbox_phone_number(PhoneNumber="+447700900124")


def test_sandbox_numbers_page(sns: Any) -> None:
    numbers = sorted(f"+1555555{n:04d}" for n in range(7))
    for number in numbers:
        sns.create_sms_sandbox_phone_number(PhoneNumber=number)
    first = sns.list_sms_sandbox_phone_numbers(MaxResults=3)
    assert [n["PhoneNumber"] for n in first["PhoneNumbers"]] == numbers[:3]
    pages = sns.get_paginator("list_sms_sandbox_phone_numbers").paginate(
        PaginationConfig={"PageSize": 3}
    )
    assert [n["PhoneNumber"] for p in pages for n in p["PhoneNumbers"]] == numbers
    with pytest.raises(ClientError) as raised:
        sns.list_sms_sandbox_phone_numbers(MaxResults=101)
    assert code_of(raised) == ("InvalidParameter", 400)
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.list_sms_sandbox_phone_numbers(NextToken="garbage")


@pytest.mark.parametrize(
    ("number", "otp"), [("5555550100", "123456"), (PHONE, "12a456"), (PHONE, "123456789")]
)
def test_sandbox_input_is_checked(sns: Any, number: str, otp: str) -> None:
    with pytest.raises(ClientError) as raised:
        sns.verify_sms_sandbox_phone_number(PhoneNumber=number, OneTimePassword=otp)
    assert code_of(raised) == ("InvalidParameter", 400)
    with pytest.raises(ClientError):
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE, LanguageCode="xx-XX")
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []


# -- Publish with PhoneNumber --------------------------------------------------------------


def test_publish_to_a_verified_number_is_texted(sns: Any) -> None:
    verified(sns)
    sns.set_sms_attributes(attributes={"DefaultSenderID": "Shop", "DefaultSMSType": "Promotional"})
    first = sns.publish(PhoneNumber=PHONE, Message="Your code is 1234")["MessageId"]
    second = sns.publish(
        PhoneNumber=PHONE,
        Message="Sale!",
        MessageAttributes={
            "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": "Brand"},
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
            "AWS.SNS.SMS.MaxPrice": {"DataType": "Number", "StringValue": "0.50"},
        },
    )["MessageId"]
    texts = sms_messages(current_world())
    assert [(t.message_id, t.message, t.sender_id, t.sms_type) for t in texts] == [
        (first, "Your code is 1234", "Shop", "Promotional"),
        (second, "Sale!", "Brand", "Transactional"),
    ]
    assert all(t.delivered and t.phone_number == PHONE and t.topic_arn is None for t in texts)
    assert texts[1].max_price == "0.50"
    structured = sns.publish(
        PhoneNumber=PHONE,
        Message='{"default": "long text", "sms": "short"}',
        MessageStructure="json",
    )
    assert sms_messages(current_world())[-1].message == "short"
    assert sms_messages(current_world())[-1].message_id == structured["MessageId"]
    assert sms_messages(current_world(), region="eu-west-1") == []


def test_publish_in_the_sandbox_needs_a_verified_number(sns: Any) -> None:
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    for number in (PHONE, OTHER):
        with pytest.raises(ClientError) as raised:
            sns.publish(PhoneNumber=number, Message="hi")
        assert error_of(raised) == (
            "InvalidParameter",
            f"Invalid parameter: PhoneNumber Reason: {number} is not valid to publish to",
        )
    assert sms_messages(current_world()) == []
    leave_sms_sandbox(current_world())
    sns.publish(PhoneNumber=OTHER, Message="hi")
    assert [t.phone_number for t in sms_messages(current_world())] == [OTHER]


def test_publish_to_an_opted_out_number_is_accepted_but_not_delivered(sns: Any) -> None:
    verified(sns)
    opt_out(current_world(), PHONE)
    message_id = sns.publish(PhoneNumber=PHONE, Message="hi")["MessageId"]
    (sent,) = sms_messages(current_world())
    assert sent.message_id == message_id
    assert not sent.delivered
    assert sent.failure == "Phone number is opted out"


@pytest.mark.parametrize("number", ["5555550100", "+0123456", "+1234567890123456", "+1 555"])
def test_publish_needs_an_e164_number(sns: Any, number: str) -> None:
    leave_sms_sandbox(current_world())
    with pytest.raises(ClientError) as raised:
        sns.publish(PhoneNumber=number, Message="hi")
    assert error_of(raised) == (
        "InvalidParameter",
        f"Invalid parameter: PhoneNumber Reason: {number} is not valid to publish to",
    )


def test_publish_sms_message_rules(sns: Any) -> None:
    verified(sns)
    with pytest.raises(ClientError) as raised:
        sns.publish(PhoneNumber=PHONE, Message="")
    assert error_of(raised) == ("InvalidParameter", "Empty message")
    with pytest.raises(ClientError) as raised:
        sns.publish(PhoneNumber=PHONE, Message="x" * 1601)
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: Message too long")
    sns.publish(PhoneNumber=PHONE, Message="x" * 1600)
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.publish(PhoneNumber=PHONE, Message="{}", MessageStructure="json")
    with pytest.raises(sns.exceptions.InvalidParameterValueException):
        sns.publish(
            PhoneNumber=PHONE,
            Message="hi",
            MessageAttributes={"AWS.Other": {"DataType": "String", "StringValue": "x"}},
        )
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.publish(PhoneNumber=PHONE, TopicArn="arn:aws:sns:us-east-1:123456789012:t", Message="x")
    assert len(sms_messages(current_world())) == 1


# -- sms subscriptions ----------------------------------------------------------------------


def test_sms_subscriptions_are_texted(sns: Any) -> None:
    world = current_world()
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    verified(sns)
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="1-555-555-0100")
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=OTHER)
    opted = "+15555550102"
    verified(sns, opted)
    opt_out(world, opted)
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=opted)
    message_id = sns.publish(
        TopicArn=topic,
        Message="disk full",
        MessageAttributes={
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}
        },
    )["MessageId"]
    texts = {t.phone_number: t for t in sms_messages(world)}
    assert set(texts) == {PHONE, OTHER, opted}
    assert all(t.message_id == message_id and t.topic_arn == topic for t in texts.values())
    assert texts[PHONE].delivered
    assert texts[PHONE].sms_type == "Transactional"
    assert texts[PHONE].message == "disk full"
    assert texts[OTHER].failure == "Phone number is not verified in the SMS sandbox"
    assert texts[opted].failure == "Phone number is opted out"
    assert sum(n.protocol == "sms" for n in notifications(world, topic)) == 3


def test_topic_texts_come_from_the_topic_owner() -> None:
    with hookmock.aws() as world:
        owner = boto3.client("sns", region_name="eu-west-1")
        topic = owner.create_topic(Name="t")["TopicArn"]
        owner.subscribe(TopicArn=topic, Protocol="sms", Endpoint=PHONE)
        leave_sms_sandbox(world, region="eu-west-1")
        owner.publish(
            TopicArn=topic,
            Message='{"default": "long", "sms": "short"}',
            MessageStructure="json",
        )
        (sent,) = sms_messages(world, region="eu-west-1")
        assert (sent.message, sent.delivered) == ("short", True)
        assert sms_messages(world) == []
